#pragma once

#include <QAbstractTableModel>

namespace cnnwb::ui {

class ModelDocument;

/// The layer stack as a table: index, kind, settings, output shape, parameters, whether it trains
/// (frozen layers are greyed). Invalid layers
/// carry their problem as tooltip and a tinted background. Rows can be dragged to a new place.
class LayerTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    /// TrainableColumn: a check box, cleared for a frozen layer (fine-tuning keeps its weights).
    enum Column {
        IndexColumn,
        KindColumn,
        SettingsColumn,
        OutputColumn,
        ParametersColumn,
        TrainableColumn,
        ColumnCount
    };

    explicit LayerTableModel(ModelDocument* document, QObject* parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex& index, int role) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    [[nodiscard]] Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role) override;

    [[nodiscard]] Qt::DropActions supportedDropActions() const override;
    [[nodiscard]] QStringList mimeTypes() const override;
    [[nodiscard]] QMimeData* mimeData(const QModelIndexList& indexes) const override;
    bool dropMimeData(
        const QMimeData* data, Qt::DropAction action, int row, int column, const QModelIndex& parent) override;

private:
    ModelDocument* m_document;
};

} // namespace cnnwb::ui
