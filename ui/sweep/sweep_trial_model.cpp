#include "ui/sweep/sweep_trial_model.h"

#include "ui/sweep/sweep_text.h"

#include "cnnwb/engine/sweep/sweep_spec.h"

#include <QBrush>
#include <QColor>
#include <QFont>

namespace cnnwb::ui {
namespace {

enum Column { Status, Epoch, Best, Last, Time, Reason, ColumnsAfterSettings };

} // namespace

void SweepTrialModel::setIndex(const engine::SweepIndex& index)
{
    const bool sameShape = index.keys == m_index.keys && index.trials.size() == m_index.trials.size();
    if (!sameShape) {
        beginResetModel();
        m_index = index;
        endResetModel();
        return;
    }
    m_index = index;
    if (!m_index.trials.empty())
        Q_EMIT dataChanged(this->index(0, 0), this->index(rowCount() - 1, columnCount() - 1));
}

int SweepTrialModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_index.trials.size());
}

int SweepTrialModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : statusColumn() + ColumnsAfterSettings;
}

QVariant SweepTrialModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid())
        return {};
    const engine::TrialRecord& t = m_index.trials.at(static_cast<std::size_t>(index.row()));
    const int column = index.column();
    const bool measured = t.epochsDone > 0;
    if (role == Qt::FontRole && index.row() == m_index.bestTrial()) {
        QFont bold;
        bold.setBold(true);
        return bold;
    }
    if (role == Qt::ForegroundRole
        && (t.status == engine::TrialStatus::Halved || t.status == engine::TrialStatus::Failed))
        return QBrush(QColor(0x80, 0x80, 0x80));
    if (role == Qt::TextAlignmentRole && column > 0 && column != statusColumn() + Reason)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != Qt::UserRole && role != Qt::ToolTipRole)
        return {};
    if (column == 0)
        return role == Qt::UserRole ? QVariant(t.index) : QVariant(t.index + 1);
    if (column < statusColumn()) {
        const std::string& value = t.values.at(static_cast<std::size_t>(column - 1));
        const QString text = QString::fromStdString(engine::sweepValueText(value));
        bool number = false;
        const double numeric = text.toDouble(&number);
        return role == Qt::UserRole && number ? QVariant(numeric) : QVariant(text);
    }
    switch (column - statusColumn()) {
    case Status:
        return role == Qt::UserRole ? QVariant(static_cast<int>(t.status)) : QVariant(SweepText::status(t.status));
    case Epoch:
        return role == Qt::UserRole ? QVariant(t.epochsDone)
                                    : QVariant(QStringLiteral("%1/%2").arg(t.epochsDone).arg(t.epochs));
    case Best:
        return role == Qt::UserRole
            ? QVariant(measured ? t.bestTestAccuracy : -1.0)
            : QVariant(measured ? QString::number(100.0 * t.bestTestAccuracy, 'f', 2) : QStringLiteral("–"));
    case Last:
        return role == Qt::UserRole
            ? QVariant(measured ? t.lastTestAccuracy : -1.0)
            : QVariant(measured ? QString::number(100.0 * t.lastTestAccuracy, 'f', 2) : QStringLiteral("–"));
    case Time:
        return role == Qt::UserRole ? QVariant(t.seconds) : QVariant(tr("%1 s").arg(t.seconds, 0, 'f', 0));
    case Reason:
        return SweepText::reason(t);
    default:
        return {};
    }
}

QVariant SweepTrialModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    if (section == 0)
        return tr("Trial");
    if (section < statusColumn())
        return SweepText::setting(m_index.keys.at(static_cast<std::size_t>(section - 1)));
    switch (section - statusColumn()) {
    case Status:
        return tr("Status");
    case Epoch:
        return tr("Epoch");
    case Best:
        return tr("Best test acc. %");
    case Last:
        return tr("Last test acc. %");
    case Time:
        return tr("Time");
    case Reason:
        return tr("Why it stopped");
    default:
        return {};
    }
}

} // namespace cnnwb::ui
