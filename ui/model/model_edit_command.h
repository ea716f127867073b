#pragma once

#include "cnnwb/engine/model/layer_spec.h"

#include <QUndoCommand>

#include <string>
#include <vector>

namespace cnnwb::ui {

class ModelDocument;

/// One edit of the layer stack, stored as the layers before and after: specs are small, so a
/// snapshot is simpler and safer than one inverse operation per kind of edit.
class ModelEditCommand : public QUndoCommand {
public:
    struct State {
        std::vector<engine::LayerSpec> layers;
        std::string name;
        int currentRow = -1;
    };

    /// `mergeRow` >= 0 lets consecutive edits of that row's settings merge into one step.
    ModelEditCommand(ModelDocument* document, const QString& text, State before, State after, int mergeRow = -1);

    void undo() override;
    void redo() override;
    [[nodiscard]] int id() const override;
    bool mergeWith(const QUndoCommand* other) override;

private:
    ModelDocument* m_document;
    State m_before;
    State m_after;
    int m_mergeRow;
};

} // namespace cnnwb::ui
