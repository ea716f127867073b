#pragma once

#include "cnnwb/engine/sweep/sweep_index.h"

#include <QWidget>

#include <vector>

namespace cnnwb::ui {

/// Which settings mattered: a bar per swept setting, 0..1, by engine::settingImportance (|Spearman ρ|
/// for numbers, with the direction that helped; the correlation ratio η for names), the measure's
/// name above the bars.
class ImportanceView : public QWidget {
    Q_OBJECT
public:
    explicit ImportanceView(QWidget* parent = nullptr);

    void setIndex(const engine::SweepIndex& index);
    [[nodiscard]] const std::vector<engine::SettingImportance>& importance() const noexcept { return m_importance; }
    /// The measure, as the view names it.
    [[nodiscard]] static QString measureName();

    [[nodiscard]] QSize sizeHint() const override { return {260, 160}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    std::vector<engine::SettingImportance> m_importance;
    int m_measured = 0;
};

} // namespace cnnwb::ui
