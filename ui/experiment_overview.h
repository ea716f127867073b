#pragma once

#include "cnnwb/engine/dataset_info.h"
#include "cnnwb/engine/train_config.h"

#include <QWidget>

#include <optional>

class QFormLayout;
class QLabel;

namespace cnnwb::ui {

/// The experiment's dataset and training settings at a glance (the model has its own editor).
class ExperimentOverview : public QWidget {
    Q_OBJECT
public:
    explicit ExperimentOverview(QWidget* parent = nullptr);

    /// Shows a dataset, or (with no value) the reason there is none.
    void setDataset(const std::optional<engine::DatasetInfo>& info, const QString& problem = {});
    void setTrainConfig(const engine::TrainConfig& config, const QString& deviceDescription);

    /// Plain-text version of what is shown, for the clipboard.
    [[nodiscard]] QString summaryText() const;

private:
    QFormLayout* m_datasetForm;
    QLabel* m_datasetProblem;
    QFormLayout* m_trainingForm;
};

} // namespace cnnwb::ui
