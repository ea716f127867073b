#include "ui/engine_text.h"

namespace cnnwb::ui {

QString EngineText::layerKind(engine::LayerKind kind)
{
    using engine::LayerKind;
    // One literal per kind, so lupdate sees every name; the English text is PyTorch's class name.
    switch (kind) {
    case LayerKind::Conv2d:
        return tr("Conv2d", "layer kind");
    case LayerKind::BatchNorm2d:
        return tr("BatchNorm2d", "layer kind");
    case LayerKind::ReLU:
        return tr("ReLU", "layer kind");
    case LayerKind::LeakyReLU:
        return tr("LeakyReLU", "layer kind");
    case LayerKind::GELU:
        return tr("GELU", "layer kind");
    case LayerKind::SiLU:
        return tr("SiLU", "layer kind");
    case LayerKind::Sigmoid:
        return tr("Sigmoid", "layer kind");
    case LayerKind::Tanh:
        return tr("Tanh", "layer kind");
    case LayerKind::MaxPool2d:
        return tr("MaxPool2d", "layer kind");
    case LayerKind::AvgPool2d:
        return tr("AvgPool2d", "layer kind");
    case LayerKind::AdaptiveAvgPool2d:
        return tr("AdaptiveAvgPool2d", "layer kind");
    case LayerKind::Dropout:
        return tr("Dropout", "layer kind");
    case LayerKind::Dropout2d:
        return tr("Dropout2d", "layer kind");
    case LayerKind::Flatten:
        return tr("Flatten", "layer kind");
    case LayerKind::Linear:
        return tr("Linear", "layer kind");
    case LayerKind::ResidualBlock:
        return tr("ResidualBlock", "layer kind");
    }
    return QString::fromLatin1(engine::layerKindName(kind).data());
}

QString EngineText::layerSettings(const engine::LayerSpec& layer)
{
    using engine::LayerKind;
    const auto number = [](double value) { return QString::number(value, 'g', 6); };
    QString text;
    switch (layer.kind) {
    case LayerKind::Conv2d:
        text = tr("%1 ch, %2×%2, stride %3, padding %4")
                   .arg(layer.outChannels)
                   .arg(layer.kernel)
                   .arg(layer.stride)
                   .arg(layer.samePadding ? tr("same") : QString::number(layer.padding));
        if (layer.dilation != 1)
            text += tr(", dilation %1").arg(layer.dilation);
        if (layer.groups != 1)
            text += tr(", groups %1").arg(layer.groups);
        if (!layer.bias)
            text += tr(", no bias");
        break;
    case LayerKind::ResidualBlock:
        text = tr("%1 ch, stride %2").arg(layer.outChannels).arg(layer.stride);
        break;
    case LayerKind::MaxPool2d:
    case LayerKind::AvgPool2d:
        text = tr("%1×%1, stride %2").arg(layer.kernel).arg(layer.stride == 0 ? layer.kernel : layer.stride);
        if (layer.padding != 0)
            text += tr(", padding %1").arg(layer.padding);
        break;
    case LayerKind::AdaptiveAvgPool2d:
        text = tr("to %1×%1").arg(layer.outputSize);
        break;
    case LayerKind::Dropout:
    case LayerKind::Dropout2d:
        text = tr("p = %1").arg(number(layer.probability));
        break;
    case LayerKind::LeakyReLU:
        text = tr("slope %1").arg(number(layer.negativeSlope));
        break;
    case LayerKind::Linear:
        text = QStringLiteral("%1 → %2")
                   .arg(layer.inFeatures > 0 ? QString::number(layer.inFeatures) : tr("auto"))
                   .arg(layer.outChannels);
        if (!layer.bias)
            text += tr(", no bias");
        break;
    default:
        break;
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
