#pragma once

#include "cnnwb/engine/records/run_history.h"

#include <QWidget>

#include <filesystem>
#include <vector>

class QChartView;
class QLabel;
class QPushButton;
class QTableWidget;

namespace cnnwb::ui {

/// The Runs tab: every training run in the runs folder with its key settings and best accuracy.
/// Tick several to overlay their test-accuracy curves and list what differs between their
/// experiments; "Clone and Tweak" starts a new experiment from a run's settings.
class RunsPage : public QWidget {
    Q_OBJECT
public:
    explicit RunsPage(QWidget* parent = nullptr);

    /// Reads the runs below `runsDir` again (newest first).
    void refresh(const std::filesystem::path& runsDir);
    [[nodiscard]] const std::vector<engine::RunRecord>& runs() const noexcept { return m_runs; }
    [[nodiscard]] QTableWidget* runTable() const { return m_table; }
    [[nodiscard]] QTableWidget* differenceTable() const { return m_differences; }
    [[nodiscard]] QPushButton* cloneButton() const { return m_clone; }
    [[nodiscard]] QLabel* hint() const { return m_hint; }
    /// The overlaid series: one per ticked run, named after it, points (epoch, test accuracy %).
    [[nodiscard]] QList<QList<QPointF>> overlaidSeries() const;
    [[nodiscard]] QStringList overlaidNames() const;
    /// Ticks the `count` newest runs (for scripts and the tutorial's pictures).
    void tickNewest(int count);

Q_SIGNALS:
    /// Start a new experiment from this run's.
    void cloneRequested(const cnnwb::engine::Experiment& experiment, const QString& runName);

private:
    void updateComparison();
    [[nodiscard]] std::vector<int> checkedRows() const;
    std::size_t fillDifferences(
        const std::vector<int>& rows, const QStringList& names, const std::vector<engine::Experiment>& experiments);
    /// Whether the runs in `rows` trained on the same data (by fingerprint).
    [[nodiscard]] bool sameDataset(const std::vector<int>& rows) const;

    std::filesystem::path m_dir;
    std::vector<engine::RunRecord> m_runs;
    QTableWidget* m_table;
    QChartView* m_chart;
    QTableWidget* m_differences;
    QPushButton* m_clone;
    QLabel* m_hint;
};

} // namespace cnnwb::ui
