#pragma once

#include "cnnwb/engine/sweep/sweep_plan.h"
#include "cnnwb/engine/sweep/sweep_spec.h"

#include <QWidget>

#include <vector>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace cnnwb::ui {

/// Defines a sweep: a row per setting to vary (any setting the experiment has: training, augmentation,
/// a layer's) with its values as a list or a range (linear or log, with points for a grid), grid or
/// random search, successive halving and how many trials run at once.
class SweepEditor : public QWidget {
    Q_OBJECT
public:
    explicit SweepEditor(QWidget* parent = nullptr);

    /// The settings the experiment offers (engine::sweepableSettings); the rows' boxes list them.
    void setSettings(const std::vector<engine::SweepableSetting>& settings);
    void setSpec(const engine::SweepSpec& spec);
    /// The sweep as the boxes say it; `error` gets why not when a row cannot be read (then the
    /// parameters read so far).
    [[nodiscard]] engine::SweepSpec spec(QString* error = nullptr) const;

    /// Adds a row (the Add button does it with the first setting not in use): `kind` 0 = list,
    /// 1 = range, 2 = log range; `values` "0.001, 0.01" or, for a range, "from, to".
    void addParameter(const QString& key, int kind, const QString& values, int points = 3);
    [[nodiscard]] QTableWidget* parameterTable() const { return m_table; }
    [[nodiscard]] QPushButton* addButton() const { return m_add; }

Q_SIGNALS:
    void changed();

private:
    [[nodiscard]] QWidget* createOptions();
    void removeSelected();
    void updateEnabled();

    std::vector<engine::SweepableSetting> m_settings;
    QTableWidget* m_table;
    QPushButton* m_add;
    QPushButton* m_remove;
    QComboBox* m_method;
    QSpinBox* m_trials;
    QSpinBox* m_seed;
    QCheckBox* m_halving;
    QLineEdit* m_rungs;
    QSpinBox* m_keep;
    QSpinBox* m_parallel;
    QString m_view; ///< kept as given: the page owns the view settings
};

} // namespace cnnwb::ui
