#pragma once

#include "cnnwb/engine/model/model_analysis.h"
#include "cnnwb/engine/model/model_spec.h"
#include "cnnwb/engine/model/presets.h"

#include <QObject>

#include <optional>

class QUndoStack;

namespace cnnwb::ui {

/// The model being edited: the spec, its analysis (kept up to date), and the undo history. Every
/// edit of the layer stack goes through here as an undoable command; the input shape and class
/// count follow the dataset and are not part of the history.
class ModelDocument : public QObject {
    Q_OBJECT
public:
    explicit ModelDocument(QObject* parent = nullptr);

    [[nodiscard]] const engine::ModelSpec& spec() const noexcept { return m_spec; }
    [[nodiscard]] const engine::ModelAnalysis& analysis() const noexcept { return m_analysis; }
    [[nodiscard]] std::optional<int> classCount() const noexcept { return m_classCount; }
    [[nodiscard]] QUndoStack* undoStack() const noexcept { return m_undoStack; }
    [[nodiscard]] int layerCount() const noexcept { return static_cast<int>(m_spec.layers.size()); }

    /// The dataset's image shape and class count (nothing when there is no dataset).
    void setInput(const engine::ImageShape& input, std::optional<int> classCount);
    /// A new or opened model: replaces everything and clears the undo history.
    void resetModel(const engine::ModelSpec& spec);

    void insertLayer(int row, const engine::LayerSpec& layer);
    void removeLayer(int row);
    void duplicateLayer(int row);
    void moveLayer(int from, int to);
    /// Consecutive edits of the same layer merge into one undo step.
    void setLayer(int row, const engine::LayerSpec& layer);
    /// Gives the last layer, when it is a Linear one, `classes` outputs: one undoable edit, none
    /// when it has them already.
    void fitOutputTo(int classes);
    /// Fine-tuning: layers before `row` frozen, it and the rest trainable (0 trains everything).
    void freezeBefore(int row);
    /// Replaces the layers with a preset's, fitted to the dataset's class count.
    void applyPreset(const engine::Preset& preset);

    /// For ModelEditCommand: puts a state in place and asks the editor to select `currentRow`.
    void restore(const std::vector<engine::LayerSpec>& layers, const std::string& name, int currentRow);

Q_SIGNALS:
    /// After every change; spec() and analysis() are up to date.
    void changed();
    /// The row an edit (or its undo) touched, for the editor to select.
    void rowFocused(int row);

private:
    void push(const QString& text, std::vector<engine::LayerSpec> after, int rowAfter, int mergeRow = -1,
        std::string nameAfter = {});
    void reanalyze();

    engine::ModelSpec m_spec;
    engine::ModelAnalysis m_analysis;
    std::optional<int> m_classCount;
    QUndoStack* m_undoStack;
};

} // namespace cnnwb::ui
