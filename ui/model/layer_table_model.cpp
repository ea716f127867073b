#include "ui/model/layer_table_model.h"

#include "ui/common/engine_text.h"

#include "ui/model/model_document.h"

#include <QApplication>
#include <QBrush>
#include <QColor>
#include <QLocale>
#include <QMimeData>
#include <QPalette>
#include <QStyle>

namespace cnnwb::ui {
namespace {

const QString kRowMimeType = QStringLiteral("application/x-cnnwb-layer-row");

QString shapeText(const std::vector<std::int64_t>& shape)
{
    QStringList parts;
    for (const std::int64_t size : shape)
        parts << QString::number(size);
    return parts.join(QStringLiteral(" × "));
}

} // namespace

LayerTableModel::LayerTableModel(ModelDocument* document, QObject* parent)
    : QAbstractTableModel(parent)
    , m_document(document)
{
    // Specs are small: a reset per edit is cheaper to get right than fine-grained signals.
    connect(m_document, &ModelDocument::changed, this, [this] {
        beginResetModel();
        endResetModel();
    });
}

int LayerTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_document->layerCount();
}

int LayerTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LayerTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_document->layerCount())
        return {};
    const auto row = static_cast<std::size_t>(index.row());
    const engine::LayerSpec& layer = m_document->spec().layers[row];
    const engine::LayerAnalysis& analysis = m_document->analysis().layers[row];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case IndexColumn:
            return index.row();
        case KindColumn:
            return EngineText::layerKind(layer.kind);
        case SettingsColumn:
            return EngineText::layerSettings(layer);
        case OutputColumn:
            return analysis.outputShape.empty() ? QStringLiteral("—") : shapeText(analysis.outputShape);
        case ParametersColumn:
            return QLocale().toString(static_cast<qlonglong>(analysis.parameters));
        default:
            return {};
        }
    case Qt::CheckStateRole:
        if (index.column() == TrainableColumn && analysis.parameters > 0)
            return layer.trainable ? Qt::Checked : Qt::Unchecked;
        return {};
    case Qt::ForegroundRole:
        return layer.trainable ? QVariant() : QApplication::palette().brush(QPalette::Disabled, QPalette::Text);
    case Qt::TextAlignmentRole:
        if (index.column() == ParametersColumn || index.column() == IndexColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::ToolTipRole: {
        const engine::SpecProblem* problem = m_document->analysis().firstProblemOf(index.row());
        if (problem)
            return EngineText::problem(*problem, m_document->spec());
        if (index.column() == TrainableColumn && analysis.parameters > 0)
            return layer.trainable ? tr("Training changes this layer's weights")
                                   : tr("Frozen: its weights (and BatchNorm statistics) stay as they start");
        return {};
    }
    case Qt::BackgroundRole:
        return analysis.problem ? QBrush(QColor(255, 221, 221)) : QVariant();
    case Qt::DecorationRole:
        if (index.column() == KindColumn && analysis.problem)
            return QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
        return {};
    default:
        return {};
    }
}

QVariant LayerTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case IndexColumn:
        return tr("#");
    case KindColumn:
        return tr("Layer");
    case SettingsColumn:
        return tr("Settings");
    case OutputColumn:
        return tr("Output shape");
    case ParametersColumn:
        return tr("Parameters");
    case TrainableColumn:
        return tr("Trains");
    default:
        return {};
    }
}

Qt::ItemFlags LayerTableModel::flags(const QModelIndex& index) const
{
    const Qt::ItemFlags base = QAbstractTableModel::flags(index);
    if (!index.isValid())
        return base | Qt::ItemIsDropEnabled;
    if (index.column() == TrainableColumn && index.row() < m_document->layerCount()
        && m_document->analysis().layers[static_cast<std::size_t>(index.row())].parameters > 0)
        return base | Qt::ItemIsDragEnabled | Qt::ItemIsUserCheckable;
    return base | Qt::ItemIsDragEnabled;
}

bool LayerTableModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (role != Qt::CheckStateRole || index.column() != TrainableColumn || index.row() >= m_document->layerCount())
        return false;
    engine::LayerSpec layer = m_document->spec().layers[static_cast<std::size_t>(index.row())];
    layer.trainable = value.toInt() == Qt::Checked;
    m_document->setLayer(index.row(), layer);
    return true;
}

Qt::DropActions LayerTableModel::supportedDropActions() const
{
    return Qt::MoveAction;
}

QStringList LayerTableModel::mimeTypes() const
{
    return {kRowMimeType};
}

QMimeData* LayerTableModel::mimeData(const QModelIndexList& indexes) const
{
    if (indexes.isEmpty())
        return nullptr;
    auto* data = new QMimeData;
    data->setData(kRowMimeType, QByteArray::number(indexes.front().row()));
    return data;
}

bool LayerTableModel::dropMimeData(
    const QMimeData* data, Qt::DropAction action, int row, int /*column*/, const QModelIndex& parent)
{
    if (action != Qt::MoveAction || data == nullptr || !data->hasFormat(kRowMimeType))
        return false;
    bool ok = false;
    const int from = data->data(kRowMimeType).toInt(&ok);
    if (!ok)
        return false;
    // Dropped on a row: before it; between rows: at `row`; below the last row: at the end.
    int target = row >= 0 ? row : (parent.isValid() ? parent.row() : m_document->layerCount());
    if (target > from)
        --target; // the row leaves its old place first
    m_document->moveLayer(from, std::clamp(target, 0, m_document->layerCount() - 1));
    // The document moved the row itself (one undoable step); false keeps the view from also
    // removing the "source" row as it would after a plain move.
    return false;
}

} // namespace cnnwb::ui
