#pragma once

#include <QWidget>

class QAction;
class QComboBox;
class QLabel;
class QTableView;

namespace cnnwb::ui {

class LayerTableModel;
class ModelDocument;

/// The layer stack: the table of layers with their output shapes and parameter counts, the
/// buttons to add, remove, duplicate and move layers (and drag-and-drop), the preset chooser,
/// and the totals (parameters, MACs, training memory) with the problems, always visible.
class LayerStackEditor : public QWidget {
    Q_OBJECT
public:
    explicit LayerStackEditor(ModelDocument* document, QWidget* parent = nullptr);

    [[nodiscard]] int currentRow() const;
    void setCurrentRow(int row);
    /// The memory estimate is for this batch size.
    void setBatchSize(int batchSize);
    /// A line above the table while a run trains (that edits apply to the next run); empty hides it.
    void setRunNotice(const QString& text);
    /// What the editor last said above the table: that a preset replaced the network, or about a run.
    [[nodiscard]] QLabel* noticeLabel() const { return m_notice; }

    [[nodiscard]] QTableView* view() const { return m_view; }
    [[nodiscard]] LayerTableModel* model() const { return m_model; }
    [[nodiscard]] QLabel* totalsLabel() const { return m_totals; }
    [[nodiscard]] QLabel* problemsLabel() const { return m_problems; }
    [[nodiscard]] QComboBox* presetChooser() const { return m_presets; }
    /// The action that adds a layer of the given kind after the current one.
    [[nodiscard]] QAction* addLayerAction(int kind) const;
    [[nodiscard]] QAction* removeAction() const { return m_remove; }
    [[nodiscard]] QAction* duplicateAction() const { return m_duplicate; }
    [[nodiscard]] QAction* moveUpAction() const { return m_moveUp; }
    [[nodiscard]] QAction* moveDownAction() const { return m_moveDown; }
    /// Fine-tuning: freeze every layer before the current one (the current one and the rest train).
    [[nodiscard]] QAction* freezeBeforeAction() const { return m_freezeBefore; }
    [[nodiscard]] QAction* trainAllAction() const { return m_trainAll; }

Q_SIGNALS:
    void currentRowChanged(int row);

private:
    void updateSummary();
    void updateActions();
    void applyPreset(int index);
    void showNotice(const QString& preset);

    ModelDocument* m_document;
    LayerTableModel* m_model;
    QTableView* m_view;
    QComboBox* m_presets;
    QLabel* m_totals;
    QLabel* m_problems;
    QLabel* m_notice;
    QString m_runNotice;
    bool m_presetJustApplied = false; // the preset notice stays until the next edit
    QList<QAction*> m_addActions;
    QAction* m_remove;
    QAction* m_duplicate;
    QAction* m_moveUp;
    QAction* m_moveDown;
    QAction* m_freezeBefore;
    QAction* m_trainAll;
    int m_batchSize = 64;
    int m_rowBeforeReset = -1;
};

} // namespace cnnwb::ui
