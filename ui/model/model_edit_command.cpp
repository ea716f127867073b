#include "ui/model/model_edit_command.h"

#include "ui/model/model_document.h"

namespace cnnwb::ui {

namespace {
constexpr int kLayerSettingsEdit = 1;
}

ModelEditCommand::ModelEditCommand(
    ModelDocument* document, const QString& text, State before, State after, int mergeRow)
    : QUndoCommand(text)
    , m_document(document)
    , m_before(std::move(before))
    , m_after(std::move(after))
    , m_mergeRow(mergeRow)
{
}

void ModelEditCommand::undo()
{
    m_document->restore(m_before.layers, m_before.name, m_before.currentRow);
}

void ModelEditCommand::redo()
{
    m_document->restore(m_after.layers, m_after.name, m_after.currentRow);
}

int ModelEditCommand::id() const
{
    return m_mergeRow >= 0 ? kLayerSettingsEdit : -1;
}

bool ModelEditCommand::mergeWith(const QUndoCommand* other)
{
    const auto* edit = static_cast<const ModelEditCommand*>(other);
    if (edit->m_mergeRow != m_mergeRow || edit->m_before.layers != m_after.layers)
        return false;
    m_after = edit->m_after;
    return true;
}

} // namespace cnnwb::ui
