#pragma once

#include "cnnwb/engine/augment/augmentation.h"

#include <QWidget>

#include <functional>
#include <vector>

class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QGroupBox;
class QVBoxLayout;

namespace cnnwb::ui {

/// Every augmentation op with its parameters and an on/off switch (a checkable group each), and
/// the normalization with its dataset presets. Edits the spec in place and reports each change.
class AugmentationPanel : public QWidget {
    Q_OBJECT
public:
    explicit AugmentationPanel(QWidget* parent = nullptr);

    void setSpec(const engine::AugmentationSpec& spec);
    [[nodiscard]] const engine::AugmentationSpec& spec() const noexcept { return m_spec; }
    /// An op's group box ("crop", "horizontalFlip", ..., "normalize") or editor ("rotation.degrees"), for tests.
    [[nodiscard]] QWidget* editor(const QString& name) const;
    /// Fills mean and std from statistics computed by the caller (preset becomes "custom").
    void setComputedNormalization(const engine::Normalization& normalization);

Q_SIGNALS:
    void specChanged(const cnnwb::engine::AugmentationSpec& spec);
    /// "From data" was pressed: the owner computes the statistics and calls setComputedNormalization.
    void computeNormalizationRequested();

private:
    QFormLayout* addOp(
        const QString& name, const QString& title, const QString& help, bool* enabled, double* probability);
    QDoubleSpinBox* addDouble(QFormLayout* form, const QString& name, const QString& label, double* field,
        double minimum, double maximum, int decimals, double step, const QString& suffix = {});
    void addInt(QFormLayout* form, const QString& name, const QString& label, int* field, int minimum, int maximum,
        int step = 1);
    void addCheck(QFormLayout* form, const QString& name, const QString& label, bool* field);
    void addNormalization();
    void refresh();
    void changed();

    engine::AugmentationSpec m_spec;
    QVBoxLayout* m_layout;
    QComboBox* m_preset = nullptr;
    std::vector<std::function<void()>> m_refreshers;
    bool m_refreshing = false;
};

} // namespace cnnwb::ui
