#pragma once

#include "cnnwb/engine/model/layer_field.h"
#include "cnnwb/engine/model/layer_spec.h"

#include <QGroupBox>

#include <functional>
#include <optional>

class QFormLayout;
class QLabel;

namespace cnnwb::ui {

class ModelDocument;

/// Typed editors (spin boxes, combo boxes, check boxes) for the settings of the selected layer.
/// Each change is one undoable edit; consecutive changes of the same layer merge.
class LayerInspector : public QGroupBox {
    Q_OBJECT
public:
    explicit LayerInspector(ModelDocument* document, QWidget* parent = nullptr);

    /// Shows the layer at `row` (-1: none).
    void setRow(int row);
    [[nodiscard]] int row() const { return m_row; }
    /// The editor widget of a setting, by object name ("outChannels", "kernel", ...), for tests.
    [[nodiscard]] QWidget* editor(const QString& name) const;

private:
    void rebuild();
    void refresh();
    /// The editor of one of the kind's settings, from its description in the engine.
    void addField(const engine::LayerField& field);
    void addInt(const QString& name, const QString& label, int engine::LayerSpec::*field, int minimum, int maximum,
        const QString& special = {});
    void addDouble(const QString& name, const QString& label, double engine::LayerSpec::*field, double minimum,
        double maximum, double step);
    void addBool(const QString& name, const QString& label, bool engine::LayerSpec::*field);
    void addPaddingMode();
    void edit(const std::function<void(engine::LayerSpec&)>& change);

    ModelDocument* m_document;
    QFormLayout* m_form;
    QLabel* m_problem;
    QLabel* m_note; ///< what became of a number typed outside its field's range
    int m_row = -1;
    std::optional<engine::LayerKind> m_kind;
    std::vector<std::function<void()>> m_refreshers;
};

} // namespace cnnwb::ui
