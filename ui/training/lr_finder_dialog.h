#pragma once

#include "cnnwb/engine/data/data_options.h"
#include "cnnwb/engine/model/model_spec.h"
#include "cnnwb/engine/train/lr_finder.h"
#include "cnnwb/engine/train/train_config.h"

#include <QDialog>
#include <QPointer>
#include <QThread>

#include <atomic>
#include <filesystem>
#include <memory>

class QChartView;
class QLabel;
class QLineSeries;
class QPushButton;
class QScatterSeries;

namespace cnnwb::ui {

/// Train → Find Learning Rate: the learning-rate range test on the current model, data and
/// optimizer, drawn live (smoothed loss against the rate, log scale) with the suggested rate marked;
/// "Use This Rate" puts it into the experiment.
class LrFinderDialog : public QDialog {
    Q_OBJECT
public:
    /// The dataset's folder and how it is read.
    struct Data {
        std::filesystem::path folder;
        engine::DataOptions options;
    };
    LrFinderDialog(Data dataset, engine::ModelSpec spec, engine::TrainConfig config,
        engine::LrFinderOptions options = {}, QWidget* parent = nullptr);
    ~LrFinderDialog() override;
    LrFinderDialog(const LrFinderDialog&) = delete;
    LrFinderDialog& operator=(const LrFinderDialog&) = delete;

    void start();
    [[nodiscard]] const engine::LrFinderResult& result() const noexcept { return m_result; }
    [[nodiscard]] int pointsShown() const;
    [[nodiscard]] QPushButton* useButton() const { return m_use; }

Q_SIGNALS:
    void finished(bool ok);
    void rateChosen(double rate);

private:
    void addPoint(const engine::LrFinderPoint& point);
    void done(std::optional<engine::LrFinderResult> result, const QString& error);

    Data m_data;
    engine::ModelSpec m_spec;
    engine::TrainConfig m_config;
    engine::LrFinderOptions m_options;
    engine::LrFinderResult m_result;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    QPointer<QThread> m_worker; ///< the running job, null once it has ended
    QChartView* m_view;
    QLineSeries* m_loss;
    QScatterSeries* m_suggestion;
    QLabel* m_status;
    QPushButton* m_use;
};

} // namespace cnnwb::ui
