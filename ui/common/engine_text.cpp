#include "ui/common/engine_text.h"

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
    QT_TRANSLATE_NOOP("EngineText", "%1 ch, stride %2"),                    // ResidualBlock
    QT_TRANSLATE_NOOP("EngineText", "%1×%1, stride %2"),                    // MaxPool2d, AvgPool2d
    QT_TRANSLATE_NOOP("EngineText", ", padding %1"),                        // MaxPool2d, AvgPool2d
    QT_TRANSLATE_NOOP("EngineText", "to %1×%1"),                            // AdaptiveAvgPool2d
    QT_TRANSLATE_NOOP("EngineText", "p = %1"),                              // Dropout, Dropout2d
    QT_TRANSLATE_NOOP("EngineText", "slope %1"),                            // LeakyReLU
    QT_TRANSLATE_NOOP("EngineText", "auto"),                                // Linear's in features
};
// clang-format on

} // namespace

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

} // namespace cnnwb::ui
