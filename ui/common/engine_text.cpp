#include "ui/common/engine_text.h"

#include "cnnwb/engine/core/placeholders.h"
#include "cnnwb/engine/model/settings_phrase.h"

#include <array>

namespace cnnwb::ui {
namespace {

using engine::LayerKind;

struct SourceText {
    const char* source;
    const char* comment;
};

struct KindName {
    LayerKind kind;
    SourceText text;
};

// The kinds' names, keyed by kind like the engine's table (engine/src/model/layer_kinds.cpp); the
// English text is PyTorch's class name, exactly as the engine says it.
constexpr std::array kKindNames = {
    KindName{LayerKind::Conv2d, QT_TRANSLATE_NOOP3("EngineText", "Conv2d", "layer kind")},
    KindName{LayerKind::BatchNorm2d, QT_TRANSLATE_NOOP3("EngineText", "BatchNorm2d", "layer kind")},
    KindName{LayerKind::ReLU, QT_TRANSLATE_NOOP3("EngineText", "ReLU", "layer kind")},
    KindName{LayerKind::ReLU6, QT_TRANSLATE_NOOP3("EngineText", "ReLU6", "layer kind")},
    KindName{LayerKind::LeakyReLU, QT_TRANSLATE_NOOP3("EngineText", "LeakyReLU", "layer kind")},
    KindName{LayerKind::GELU, QT_TRANSLATE_NOOP3("EngineText", "GELU", "layer kind")},
    KindName{LayerKind::SiLU, QT_TRANSLATE_NOOP3("EngineText", "SiLU", "layer kind")},
    KindName{LayerKind::Sigmoid, QT_TRANSLATE_NOOP3("EngineText", "Sigmoid", "layer kind")},
    KindName{LayerKind::Tanh, QT_TRANSLATE_NOOP3("EngineText", "Tanh", "layer kind")},
    KindName{LayerKind::MaxPool2d, QT_TRANSLATE_NOOP3("EngineText", "MaxPool2d", "layer kind")},
    KindName{LayerKind::AvgPool2d, QT_TRANSLATE_NOOP3("EngineText", "AvgPool2d", "layer kind")},
    KindName{LayerKind::AdaptiveAvgPool2d, QT_TRANSLATE_NOOP3("EngineText", "AdaptiveAvgPool2d", "layer kind")},
    KindName{LayerKind::Dropout, QT_TRANSLATE_NOOP3("EngineText", "Dropout", "layer kind")},
    KindName{LayerKind::Dropout2d, QT_TRANSLATE_NOOP3("EngineText", "Dropout2d", "layer kind")},
    KindName{LayerKind::Flatten, QT_TRANSLATE_NOOP3("EngineText", "Flatten", "layer kind")},
    KindName{LayerKind::Linear, QT_TRANSLATE_NOOP3("EngineText", "Linear", "layer kind")},
    KindName{LayerKind::ResidualBlock, QT_TRANSLATE_NOOP3("EngineText", "ResidualBlock", "layer kind")},
    KindName{LayerKind::Bottleneck, QT_TRANSLATE_NOOP3("EngineText", "Bottleneck", "layer kind")},
    KindName{LayerKind::InvertedResidual, QT_TRANSLATE_NOOP3("EngineText", "InvertedResidual", "layer kind")},
};

constexpr bool everyKindInOrder()
{
    for (std::size_t i = 0; i < kKindNames.size(); ++i)
        if (kKindNames[i].kind != static_cast<LayerKind>(i))
            return false;
    return kKindNames.size() == engine::kLayerKindCount;
}
static_assert(everyKindInOrder(), "kKindNames lists every LayerKind once, in enum order");

// The phrases and words of engine::settingsPhrases, for lupdate; layerSettings translates the
// engine's text at run time. "%1 → %2" (Linear) has nothing to translate and is left out.
// clang-format off: one phrase a line, with the kinds that use it
[[maybe_unused]] constexpr const char* kSettingsTexts[] = {
    QT_TRANSLATE_NOOP("EngineText", "%1 ch, %2×%2, stride %3, padding %4"), // Conv2d
    QT_TRANSLATE_NOOP("EngineText", "same"),                                // Conv2d's padding
    QT_TRANSLATE_NOOP("EngineText", ", dilation %1"),                       // Conv2d
    QT_TRANSLATE_NOOP("EngineText", ", groups %1"),                         // Conv2d
    QT_TRANSLATE_NOOP("EngineText", ", no bias"),                           // Conv2d, Linear
    QT_TRANSLATE_NOOP("EngineText", "%1 ch, stride %2"),                    // ResidualBlock, Bottleneck
    QT_TRANSLATE_NOOP("EngineText", "%1 ch, stride %2, expand ×%3"),        // InvertedResidual
    QT_TRANSLATE_NOOP("EngineText", "%1×%1, stride %2"),                    // MaxPool2d, AvgPool2d
    QT_TRANSLATE_NOOP("EngineText", ", padding %1"),                        // MaxPool2d, AvgPool2d
    QT_TRANSLATE_NOOP("EngineText", "to %1×%1"),                            // AdaptiveAvgPool2d
    QT_TRANSLATE_NOOP("EngineText", "p = %1"),                              // Dropout, Dropout2d
    QT_TRANSLATE_NOOP("EngineText", "slope %1"),                            // LeakyReLU
    QT_TRANSLATE_NOOP("EngineText", "auto"),                                // Linear's in features
};
// clang-format on

// The phrases of engine::ProblemPhrase (engine/src/model/), for lupdate; problem() translates the
// engine's phrase at run time. A phrase missing here stays English (test_translations checks).
// clang-format off: one phrase a line
[[maybe_unused]] constexpr const char* kProblemTexts[] = {
    QT_TRANSLATE_NOOP("EngineText", "layer %1 %2: %3"),
    QT_TRANSLATE_NOOP("EngineText", "a vector of %1"),
    QT_TRANSLATE_NOOP("EngineText", "the input shape %1 must be positive"),
    QT_TRANSLATE_NOOP("EngineText", "the network has no layers"),
    QT_TRANSLATE_NOOP("EngineText",
        "the network ends in a %1 feature map; end it with Flatten and Linear so that it gives one score per class"),
    QT_TRANSLATE_NOOP("EngineText", "the network gives %1 scores but the dataset has %2 classes"),
    QT_TRANSLATE_NOOP("EngineText", "needs a C×H×W feature map, but gets %1 (move it before the Flatten)"),
    QT_TRANSLATE_NOOP("EngineText", "input is %1×%2, kernel %3 does not fit"),
    QT_TRANSLATE_NOOP("EngineText", "input is %1×%2, kernel %3 with dilation %4 does not fit"),
    QT_TRANSLATE_NOOP("EngineText", "input is %1×%2, kernel %3 and padding %4 does not fit"),
    QT_TRANSLATE_NOOP("EngineText", "input is %1×%2, kernel %3 with dilation %4 and padding %5 does not fit"),
    QT_TRANSLATE_NOOP("EngineText", "out channels must be at least 1"),
    QT_TRANSLATE_NOOP("EngineText", "kernel size must be at least 1"),
    QT_TRANSLATE_NOOP("EngineText", "stride must be at least 1"),
    QT_TRANSLATE_NOOP("EngineText", "dilation must be at least 1"),
    QT_TRANSLATE_NOOP("EngineText", "padding cannot be negative"),
    QT_TRANSLATE_NOOP("EngineText", "groups must be at least 1"),
    QT_TRANSLATE_NOOP("EngineText", "padding \"same\" needs stride 1"),
    QT_TRANSLATE_NOOP("EngineText", "out channels %1 are not divisible by groups %2"),
    QT_TRANSLATE_NOOP("EngineText", "input channels %1 are not divisible by groups %2"),
    QT_TRANSLATE_NOOP("EngineText", "stride must be at least 1 (or 0 for \"same as kernel\")"),
    QT_TRANSLATE_NOOP("EngineText", "padding must be between 0 and half the kernel size"),
    QT_TRANSLATE_NOOP("EngineText", "out features must be at least 1"),
    QT_TRANSLATE_NOOP("EngineText", "in features cannot be negative (0 means automatic)"),
    QT_TRANSLATE_NOOP("EngineText", "Linear needs a vector, but gets %1 (add a Flatten before it)"),
    QT_TRANSLATE_NOOP("EngineText", "expects %1 inputs but gets %2 (set in features to automatic)"),
    QT_TRANSLATE_NOOP("EngineText", "p must be between 0 and 1"),
    QT_TRANSLATE_NOOP("EngineText",
        "Dropout2d drops whole channels and needs a C×H×W feature map, but gets %1 (use Dropout after Flatten)"),
    QT_TRANSLATE_NOOP("EngineText", "output size must be at least 1"),
};
// clang-format on

// The engine's log lines and other sentences it says as engine::Phrase (engine/src/), for lupdate;
// phrase() translates them at run time. test_translations finds every logged phrase in the sources
// and checks that it is in the catalogue.
// clang-format off: one phrase a line, grouped by where the engine says them
[[maybe_unused]] constexpr const char* kPhraseTexts[] = {
    QT_TRANSLATE_NOOP(
        "EngineText", "stopped after epoch %1 of %2, as asked; last.ckpt continues from there"), // trainer
    QT_TRANSLATE_NOOP("EngineText", "sweep complete: %1 trials"),                                // sweep
    QT_TRANSLATE_NOOP("EngineText", "%1 (%2) starts, to epoch %3"),                              // sweep
    QT_TRANSLATE_NOOP("EngineText", "%1 (%2) continues, to epoch %3"),                           // sweep
    QT_TRANSLATE_NOOP("EngineText", "%1 failed: %2"),                                            // sweep
    QT_TRANSLATE_NOOP("EngineText", "%1 finished: best test accuracy %2 % in epoch %3"),         // sweep
    QT_TRANSLATE_NOOP("EngineText", "sweep stopped; the same command continues it"),             // sweep
    QT_TRANSLATE_NOOP("EngineText",
        "successive halving at epoch %1: test accuracy %2 % ranked %3 of %4; the best %5 went on"), // sweep
    QT_TRANSLATE_NOOP("EngineText", "%1 halved: %2"),                                               // sweep
    QT_TRANSLATE_NOOP("EngineText",
        "the checkpoint ran on %1 process(es): %2 process(es) keep its global batch of %3 with %4 per process"), // trainer
    QT_TRANSLATE_NOOP("EngineText",
        "the checkpoint's global batch of %1 cannot be shared evenly by %2 processes: continuing with %3 per process, "
        "a global batch of %4"), // trainer
    QT_TRANSLATE_NOOP(
        "EngineText", "gradient exchange: %1 bucket(s), %2 sent while the backward pass ran"), // data parallel
    QT_TRANSLATE_NOOP("EngineText",
        "training %1 data-parallel on %2 processes (%3): this is %4, global batch %5 = %6 x %2"), // training run
    QT_TRANSLATE_NOOP("EngineText", "training %1 on %2 with %3 parameters, %4 batches of %5 per epoch"),
    QT_TRANSLATE_NOOP("EngineText", "starting from weights: %1"), // trainer (fine-tuning)
    QT_TRANSLATE_NOOP("EngineText",
        "the weights this run started from are no longer readable (%1): every layer but the last keeps the "
        "pretrained learning rate"), // trainer (a resumed fine-tuning run)
    QT_TRANSLATE_NOOP("EngineText",
        "the dataset has a single class: every prediction is right by construction, so accuracy will read 100 %; a "
        "classifier needs a folder (or label) per class"),
    QT_TRANSLATE_NOOP("EngineText", "resuming at %1"),
    QT_TRANSLATE_NOOP("EngineText",
        "the checkpoint planned its %1 schedule over %2 epoch(s); continuing to %3 re-plans the learning rate from "
        "here as a %3-epoch run would have it, so the result differs from a run of %3 epochs from the start "
        "(docs/checkpoints-and-export.md)"),
    QT_TRANSLATE_NOOP("EngineText", "stopped in epoch %1 after %2 of its %3 batches; last.ckpt continues from there"),
    QT_TRANSLATE_NOOP("EngineText", "epoch %1: train loss %2, test accuracy %3 %, %4 img/s, %5 s"),
    QT_TRANSLATE_NOOP(
        "EngineText", "early stop after epoch %1: no better test accuracy for %2 epochs (best %3 % in epoch %4)"),
    QT_TRANSLATE_NOOP("EngineText", "checkpoint saved to %1 (%2)"),
    QT_TRANSLATE_NOOP("EngineText", "checkpoint not saved: %1"), // run outputs
    QT_TRANSLATE_NOOP("EngineText", "replacing the run in %1"),
    QT_TRANSLATE_NOOP("EngineText",
        "this build has no NCCL: the GPUs exchange gradients through Gloo and host memory"), // process group
    QT_TRANSLATE_NOOP("EngineText", "joined the process group as %1 over %2"),
    QT_TRANSLATE_NOOP("EngineText",
        "loaded %1 (%2) from %3: %4 train + %5 test images of %6, %7 classes, in %8 s"), // datasets
    QT_TRANSLATE_NOOP("EngineText", "not using the decoded-image cache %1: %2; decoding the images"),
    QT_TRANSLATE_NOOP("EngineText", "loaded %1 images of %2 from the decoded-image cache %3 in %4 s"),
    QT_TRANSLATE_NOOP("EngineText", "wrote the decoded-image cache %1 (%2 MB) in %3 s"),
    QT_TRANSLATE_NOOP(
        "EngineText", "could not write the decoded-image cache (%1); the next load decodes the images again"),
    QT_TRANSLATE_NOOP("EngineText", "decoded %1 images of %2 in %3 s"),
    QT_TRANSLATE_NOOP("EngineText", "%1 images were brought to %2 by %3"),
    QT_TRANSLATE_NOOP("EngineText", "left out %1 image(s) that cannot be decoded: %2 (first: %3)"),
    QT_TRANSLATE_NOOP("EngineText", "brought the %1 images from %2 to %3"),
    QT_TRANSLATE_NOOP(
        "EngineText", "streaming the images from their files, batch by batch: decoded they would take %1, %2"),
    QT_TRANSLATE_NOOP("EngineText", "as the experiment asks (data.loader \"stream\")"),
    QT_TRANSLATE_NOOP("EngineText", "more than the memory budget of %1 (data.memory_budget_mb)"),
    QT_TRANSLATE_NOOP("EngineText", "streamed: the steps waited %1 s for images, %2 % of the epoch's training time"),
    QT_TRANSLATE_NOOP("EngineText",
        "%1: the server does not resume transfers; downloading it from the start"), // downloads
    QT_TRANSLATE_NOOP("EngineText", "resuming %1 at byte %2"),
    QT_TRANSLATE_NOOP("EngineText", "cannot empty %1: %2"),
    QT_TRANSLATE_NOOP("EngineText", "%1 does not match its checksum; downloading it again"),
    QT_TRANSLATE_NOOP("EngineText", "%1 is already downloaded in %2"),
    QT_TRANSLATE_NOOP("EngineText", "%1 downloaded into %2"),
    QT_TRANSLATE_NOOP("EngineText", "epoch %1 of %2 done"), // CheckpointInfo::positionPhrase
    QT_TRANSLATE_NOOP("EngineText", "epoch %1 of %2, %3 batches done"),
    QT_TRANSLATE_NOOP("EngineText", "crop(%1)"), // engine::describeParts
    QT_TRANSLATE_NOOP("EngineText", "crop(%1, reflect)"),
    QT_TRANSLATE_NOOP("EngineText", "hflip"),
    QT_TRANSLATE_NOOP("EngineText", "vflip"),
    QT_TRANSLATE_NOOP("EngineText", "rotate(%1°)"),
    QT_TRANSLATE_NOOP("EngineText", "affine"),
    QT_TRANSLATE_NOOP("EngineText", "jitter"),
    QT_TRANSLATE_NOOP("EngineText", "gray"),
    QT_TRANSLATE_NOOP("EngineText", "blur"),
    QT_TRANSLATE_NOOP("EngineText", "cutout"),
    QT_TRANSLATE_NOOP("EngineText", "diagnosis: %1; try: %2"), // layer health (engine/src/insight/diagnostician.cpp)
    QT_TRANSLATE_NOOP("EngineText", "TensorBoard files go to %1 (tensorboard --logdir %2)"),
    QT_TRANSLATE_NOOP("EngineText", "lower the learning rate (now %1) about tenfold, or add warm-up epochs"),
    QT_TRANSLATE_NOOP("EngineText", "the loss is no longer a number (it overflowed at step %1)"),
    QT_TRANSLATE_NOOP(
        "EngineText", "each step changes the weights by %1 % of their size (healthy: about 0.1 %) and the loss is %2"),
    QT_TRANSLATE_NOOP("EngineText", "each step changes the weights by only %1 % of their size (healthy: about 0.1 %)"),
    QT_TRANSLATE_NOOP("EngineText", "raise the learning rate (now %1) about tenfold"),
    QT_TRANSLATE_NOOP("EngineText",
        "set Clip gradient norm (e.g. 1), lower the learning rate, or add BatchNorm after the convolutions"),
    QT_TRANSLATE_NOOP("EngineText", "the gradient norm is %1, %2 times what it was at the start"),
    QT_TRANSLATE_NOOP("EngineText", "layer %1 gets %2 of the gradient the last layer gets, relative to its weights"),
    QT_TRANSLATE_NOOP("EngineText",
        "add BatchNorm after the convolutions, use ReLU instead of Sigmoid or Tanh, or use residual blocks"),
    QT_TRANSLATE_NOOP("EngineText", "layer %1: %2 % of its units give zero for every image (dead ReLUs)"),
    QT_TRANSLATE_NOOP("EngineText", "lower the learning rate, use LeakyReLU instead, or put BatchNorm before it"),
    QT_TRANSLATE_NOOP(
        "EngineText", "layer %1 gives the same output for every image: nothing after it can tell the images apart"),
    QT_TRANSLATE_NOOP("EngineText",
        "look at the layers before it (dead units, a pool that shrank the map to one pixel) and lower the learning "
        "rate"),
    QT_TRANSLATE_NOOP("EngineText", "after a whole epoch the training loss (%1) is still at chance level (%2)"),
    QT_TRANSLATE_NOOP("EngineText", "another learning rate (ten times higher or lower), or Adam instead of SGD"),
    QT_TRANSLATE_NOOP("EngineText", "the training loss has not fallen in %1 epochs (best %2, now %3)"),
    QT_TRANSLATE_NOOP("EngineText", "lower the learning rate (or use a schedule), or make the network wider"),
    QT_TRANSLATE_NOOP("EngineText",
        "overfitting: the test loss rose for %1 epochs while the training loss fell; train accuracy %2 %, test %3 %"),
    QT_TRANSLATE_NOOP("EngineText", "add augmentation, Dropout or weight decay, or turn on early stopping"),
};
// clang-format on

} // namespace

QString EngineText::problem(const engine::SpecProblem& problem, const engine::ModelSpec& spec)
{
    const std::string phraseText(problem.phrase.text);
    QString sentence = tr(phraseText.c_str());
    for (const engine::ProblemPhrase::Value& value : problem.phrase.values) {
        const QString text = QString::fromStdString(value.text);
        sentence = sentence.arg(value.around.empty() ? text : tr(std::string(value.around).c_str()).arg(text));
    }
    const auto index = static_cast<std::size_t>(problem.layerIndex);
    if (problem.layerIndex < 0 || index >= spec.layers.size())
        return sentence;
    return tr("layer %1 %2: %3").arg(problem.layerIndex).arg(layerKind(spec.layers[index].kind), sentence);
}

QString EngineText::layerKind(engine::LayerKind kind)
{
    const auto index = static_cast<std::size_t>(kind);
    if (index >= kKindNames.size())
        return QString::fromLatin1(engine::layerKindName(kind).data());
    const SourceText& text = kKindNames[index].text;
    return tr(text.source, text.comment);
}

QString EngineText::layerSettings(const engine::LayerSpec& layer)
{
    QString text;
    for (const engine::SettingsPhrase& phrase : engine::settingsPhrases(layer)) {
        QString part = tr(phrase.text.data());
        for (const engine::SettingsPhrase::Value& value : phrase.values)
            part = part.arg(value.word ? tr(value.text.c_str()) : QString::fromStdString(value.text));
        text += part;
    }
    return text;
}

QString EngineText::errorTitle(engine::ErrorCode code)
{
    using engine::ErrorCode;
    switch (code) {
    case ErrorCode::InvalidArgument:
        return tr("A setting is not acceptable");
    case ErrorCode::InvalidData:
        return tr("The data is not usable");
    case ErrorCode::Io:
        return tr("A file could not be read or written");
    case ErrorCode::Device:
        return tr("The device cannot be used");
    case ErrorCode::Diverged:
        return tr("Training diverged (the loss is not a number)");
    case ErrorCode::Backend:
        return tr("LibTorch or OpenCV failed");
    case ErrorCode::Distributed:
        return tr("The ranks of a distributed run lost contact");
    }
    return tr("Error");
}

QString EngineText::error(const engine::Error& error)
{
    const engine::ErrorContext& c = error.context();
    QStringList where;
    if (!c.file.empty())
        where << tr("file %1").arg(QString::fromStdString(c.file));
    if (c.index)
        where << tr("record %1").arg(*c.index);
    if (c.layerIndex)
        where << tr("layer %1").arg(*c.layerIndex);
    if (!c.shapes.empty())
        where << tr("shapes %1").arg(QString::fromStdString(c.shapes));
    const QString title = errorTitle(error.code());
    const QString detail = QString::fromStdString(error.message());
    //: %1 = the translated kind of problem, %2 = where (file, layer…), %3 = the engine's detail (English)
    return where.isEmpty() ? tr("%1: %2").arg(title, detail)
                           : tr("%1 (%2): %3").arg(title, where.join(tr(", ")), detail);
}

QString EngineText::dataset(const engine::DatasetIdentity& dataset)
{
    return tr("%1 (%2, %3 + %4 images, %5)")
        .arg(QString::fromStdString(dataset.name), QString::fromStdString(dataset.format))
        .arg(dataset.trainCount)
        .arg(dataset.testCount)
        .arg(QString::fromStdString(dataset.shape.toString()));
}

QString EngineText::phrase(const engine::Phrase& phrase)
{
    // Filled in one pass, as the engine fills its English: a value that holds "%1" (a path) stays as it is.
    const std::string translated = tr(phrase.text).toStdString();
    return QString::fromStdString(
        engine::fillPlaceholders(translated, phrase.values, [](const engine::PhraseValue& value) {
            return value.phrase() ? EngineText::phrase(*value.phrase()).toStdString() : value.text();
        }));
}

QString EngineText::augmentation(const engine::AugmentationSpec& spec)
{
    QStringList parts;
    for (const engine::Phrase& part : engine::describeParts(spec))
        parts << phrase(part);
    //: the augmentation ops of a run, e.g. "crop(4)+hflip"
    return parts.isEmpty() ? tr("none", "augmentation") : parts.join(tr("+", "between augmentation ops"));
}

QString EngineText::optimizer(engine::OptimizerKind kind)
{
    switch (kind) {
    case engine::OptimizerKind::Sgd:
        return QStringLiteral("SGD");
    case engine::OptimizerKind::Adam:
        return QStringLiteral("Adam");
    case engine::OptimizerKind::AdamW:
        return QStringLiteral("AdamW");
    }
    return QString::fromLatin1(engine::optimizerName(kind).data());
}

QString EngineText::checkpointPosition(const engine::CheckpointInfo& info)
{
    return phrase(info.positionPhrase());
}

QString EngineText::runStatus(const std::string& status)
{
    // engine::RunManifest::status; an unknown word (a newer engine's) is shown as it is.
    static constexpr std::array<SourceText, 5> kStatuses = {{
        QT_TRANSLATE_NOOP3("EngineText", "running", "run status"),
        QT_TRANSLATE_NOOP3("EngineText", "finished", "run status"),
        QT_TRANSLATE_NOOP3("EngineText", "stopped", "run status"),
        QT_TRANSLATE_NOOP3("EngineText", "early-stopped", "run status"),
        QT_TRANSLATE_NOOP3("EngineText", "failed", "run status"),
    }};
    for (const SourceText& text : kStatuses)
        if (status == text.source)
            return tr(text.source, text.comment);
    return QString::fromStdString(status);
}

QString EngineText::diagnosisTitle(engine::DiagnosisKind kind)
{
    // For lupdate: the engine's titles (engine::diagnosisTitle), translated at run time.
    [[maybe_unused]] static constexpr SourceText kTitles[] = {
        QT_TRANSLATE_NOOP3("EngineText", "Learning rate too high", "diagnosis"),
        QT_TRANSLATE_NOOP3("EngineText", "Learning rate too low", "diagnosis"),
        QT_TRANSLATE_NOOP3("EngineText", "Exploding gradients", "diagnosis"),
        QT_TRANSLATE_NOOP3("EngineText", "Vanishing gradients", "diagnosis"),
        QT_TRANSLATE_NOOP3("EngineText", "Dead ReLUs", "diagnosis"),
        QT_TRANSLATE_NOOP3("EngineText", "Constant output", "diagnosis"),
        QT_TRANSLATE_NOOP3("EngineText", "Loss not improving", "diagnosis"),
        QT_TRANSLATE_NOOP3("EngineText", "Overfitting", "diagnosis"),
    };
    return tr(engine::diagnosisTitle(kind), "diagnosis");
}

} // namespace cnnwb::ui
