#include "ui/model/model_document.h"

#include "ui/common/engine_text.h"

#include "ui/model/model_edit_command.h"

#include <QUndoStack>

namespace cnnwb::ui {
namespace {

QString kindName(const engine::LayerSpec& layer)
{
    return EngineText::layerKind(layer.kind);
}

} // namespace

ModelDocument::ModelDocument(QObject* parent)
    : QObject(parent)
    , m_undoStack(new QUndoStack(this))
{
    reanalyze();
}

void ModelDocument::setInput(const engine::ImageShape& input, std::optional<int> classCount)
{
    m_spec.input = input;
    m_classCount = classCount;
    reanalyze();
    Q_EMIT changed();
}

void ModelDocument::resetModel(const engine::ModelSpec& spec)
{
    m_undoStack->clear();
    m_spec.layers = spec.layers;
    m_spec.name = spec.name;
    reanalyze();
    Q_EMIT changed();
    Q_EMIT rowFocused(m_spec.layers.empty() ? -1 : 0);
}

void ModelDocument::restore(const std::vector<engine::LayerSpec>& layers, const std::string& name, int currentRow)
{
    m_spec.layers = layers;
    m_spec.name = name;
    reanalyze();
    Q_EMIT changed();
    Q_EMIT rowFocused(currentRow);
}

void ModelDocument::push(
    const QString& text, std::vector<engine::LayerSpec> after, int rowAfter, int mergeRow, std::string nameAfter)
{
    ModelEditCommand::State before{m_spec.layers, m_spec.name, rowAfter};
    ModelEditCommand::State next{std::move(after), nameAfter.empty() ? m_spec.name : std::move(nameAfter), rowAfter};
    m_undoStack->push(new ModelEditCommand(this, text, std::move(before), std::move(next), mergeRow));
}

void ModelDocument::insertLayer(int row, const engine::LayerSpec& layer)
{
    row = std::clamp(row, 0, layerCount());
    auto layers = m_spec.layers;
    layers.insert(layers.begin() + row, layer);
    push(tr("Add %1").arg(kindName(layer)), std::move(layers), row);
}

void ModelDocument::removeLayer(int row)
{
    if (row < 0 || row >= layerCount())
        return;
    auto layers = m_spec.layers;
    const QString name = kindName(layers[static_cast<std::size_t>(row)]);
    layers.erase(layers.begin() + row);
    push(tr("Remove %1").arg(name), std::move(layers), std::min(row, static_cast<int>(m_spec.layers.size()) - 2));
}

void ModelDocument::duplicateLayer(int row)
{
    if (row < 0 || row >= layerCount())
        return;
    auto layers = m_spec.layers;
    const QString text = tr("Duplicate %1").arg(kindName(layers[static_cast<std::size_t>(row)]));
    layers.insert(layers.begin() + row + 1, layers[static_cast<std::size_t>(row)]);
    push(text, std::move(layers), row + 1);
}

void ModelDocument::moveLayer(int from, int to)
{
    if (from < 0 || from >= layerCount() || to < 0 || to >= layerCount() || from == to)
        return;
    auto layers = m_spec.layers;
    const engine::LayerSpec layer = layers[static_cast<std::size_t>(from)];
    layers.erase(layers.begin() + from);
    layers.insert(layers.begin() + to, layer);
    push(tr("Move %1").arg(kindName(layer)), std::move(layers), to);
}

void ModelDocument::setLayer(int row, const engine::LayerSpec& layer)
{
    if (row < 0 || row >= layerCount() || m_spec.layers[static_cast<std::size_t>(row)] == layer)
        return;
    auto layers = m_spec.layers;
    layers[static_cast<std::size_t>(row)] = layer;
    push(tr("Change %1").arg(kindName(layer)), std::move(layers), row, row);
}

void ModelDocument::fitOutputTo(int classes)
{
    if (m_spec.layers.empty() || m_spec.layers.back().kind != engine::LayerKind::Linear
        || m_spec.layers.back().outChannels == classes || classes < 1)
        return;
    auto layers = m_spec.layers;
    layers.back().outChannels = classes;
    const int row = layerCount() - 1;
    push(tr("Fit the Output Layer to %n Classes", nullptr, classes), std::move(layers), row);
}

void ModelDocument::applyPreset(const engine::Preset& preset)
{
    const engine::ModelSpec fitted = engine::adaptToDataset(preset.spec, m_spec.input, m_classCount.value_or(10));
    push(tr("Use Preset %1").arg(QString::fromStdString(preset.spec.name)), fitted.layers, 0, -1, fitted.name);
}

void ModelDocument::freezeBefore(int row)
{
    row = std::clamp(row, 0, layerCount());
    auto layers = m_spec.layers;
    for (std::size_t i = 0; i < layers.size(); ++i)
        layers[i].trainable = static_cast<int>(i) >= row;
    if (layers == m_spec.layers)
        return;
    push(row == 0 ? tr("Train Every Layer") : tr("Freeze the Layers Before %1").arg(row), std::move(layers), row);
}

void ModelDocument::reanalyze()
{
    m_analysis = engine::analyzeModel(m_spec, m_classCount);
}

} // namespace cnnwb::ui
