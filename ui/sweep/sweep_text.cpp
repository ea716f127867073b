#include "ui/sweep/sweep_text.h"

#include <QStringList>

#include <array>
#include <utility>

namespace cnnwb::ui {
namespace {

// The training settings students sweep most, by their experiment-file keys.
QString trainingSetting(const QString& name)
{
    static const std::array<std::pair<const char*, const char*>, 14> kNames = {{
        {"learning_rate", QT_TRANSLATE_NOOP("SweepText", "Learning rate")},
        {"batch_size", QT_TRANSLATE_NOOP("SweepText", "Batch size")},
        {"optimizer", QT_TRANSLATE_NOOP("SweepText", "Optimizer")},
        {"weight_decay", QT_TRANSLATE_NOOP("SweepText", "Weight decay")},
        {"schedule", QT_TRANSLATE_NOOP("SweepText", "Schedule")},
        {"label_smoothing", QT_TRANSLATE_NOOP("SweepText", "Label smoothing")},
        {"epochs", QT_TRANSLATE_NOOP("SweepText", "Epochs")},
        {"momentum", QT_TRANSLATE_NOOP("SweepText", "Momentum")},
        {"warmup_epochs", QT_TRANSLATE_NOOP("SweepText", "Warm-up epochs")},
        {"gradient_clip_norm", QT_TRANSLATE_NOOP("SweepText", "Gradient clipping")},
        {"seed", QT_TRANSLATE_NOOP("SweepText", "Seed")},
        {"step_gamma", QT_TRANSLATE_NOOP("SweepText", "Step factor")},
        {"step_epochs", QT_TRANSLATE_NOOP("SweepText", "Step every (epochs)")},
        {"early_stopping_patience", QT_TRANSLATE_NOOP("SweepText", "Early-stopping patience")},
    }};
    for (const auto& [key, text] : kNames)
        if (name == QLatin1String(key))
            return SweepText::tr(text);
    return {};
}

} // namespace

QString SweepText::setting(const std::string& key)
{
    const QString text = QString::fromStdString(key);
    const QStringList parts = text.split(QLatin1Char('.'));
    if (parts.size() == 2 && parts[0] == QLatin1String("training")) {
        const QString name = trainingSetting(parts[1]);
        return name.isEmpty() ? text : name;
    }
    if (parts.size() >= 4 && parts[0] == QLatin1String("model") && parts[1] == QLatin1String("layers"))
        return tr("Layer %1: %2").arg(parts[2].toInt() + 1).arg(parts.mid(3).join(QLatin1Char('.')));
    if (parts.size() >= 3 && parts[0] == QLatin1String("augmentation"))
        return tr("Augmentation %1: %2").arg(parts[1], parts.mid(2).join(QLatin1Char('.')));
    return text;
}

QString SweepText::status(engine::TrialStatus status)
{
    switch (status) {
    case engine::TrialStatus::Pending:
        return tr("Pending");
    case engine::TrialStatus::Running:
        return tr("Running");
    case engine::TrialStatus::Waiting:
        return tr("Waiting at a rung");
    case engine::TrialStatus::Finished:
        return tr("Finished");
    case engine::TrialStatus::EarlyStopped:
        return tr("Early-stopped");
    case engine::TrialStatus::Halved:
        return tr("Halved");
    case engine::TrialStatus::Failed:
        return tr("Failed");
    case engine::TrialStatus::Interrupted:
        return tr("Interrupted");
    }
    return {};
}

QString SweepText::reason(const engine::TrialRecord& trial)
{
    if (trial.status == engine::TrialStatus::Halved && trial.halving.ranked > 0)
        return tr("Successive halving at epoch %1: ranked %2 of %3 by test accuracy; the best %4 went on")
            .arg(trial.halving.epoch)
            .arg(trial.halving.rank)
            .arg(trial.halving.ranked)
            .arg(trial.halving.kept);
    if (trial.status == engine::TrialStatus::EarlyStopped)
        return tr("Its own early stopping: the test accuracy stopped improving");
    if (trial.status == engine::TrialStatus::Interrupted)
        return tr("The sweep was stopped; Run continues it");
    return QString::fromStdString(trial.reason);
}

} // namespace cnnwb::ui
