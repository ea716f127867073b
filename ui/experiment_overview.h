#pragma once

#include "cnnwb/engine/dataset_info.h"
#include "cnnwb/engine/train_config.h"

#include <QWidget>

#include <optional>

class QFormLayout;
class QGroupBox;
class QLabel;
class QTableWidget;

namespace cnnwb::ui {

/// The central page of the window: the experiment at a glance — its dataset, the model with each
/// layer's output shape and parameter count, and the training settings.
class ExperimentOverview : public QWidget {
    Q_OBJECT
public:
    explicit ExperimentOverview(QWidget* parent = nullptr);

    /// Shows a dataset, or (with no value) the reason there is none.
    void setDataset(const std::optional<engine::DatasetInfo>& info, const QString& problem = {});
    void setTrainConfig(const engine::TrainConfig& config, const QString& deviceDescription);

    /// Plain-text version of what is shown, for the clipboard.
    [[nodiscard]] QString summaryText() const;

    [[nodiscard]] QTableWidget* modelTable() const { return m_modelTable; }

private:
    void fillModelTable(const engine::DatasetInfo& info);

    QGroupBox* m_datasetBox;
    QFormLayout* m_datasetForm;
    QLabel* m_datasetProblem;
    QGroupBox* m_modelBox;
    QTableWidget* m_modelTable;
    QLabel* m_modelTotals;
    QFormLayout* m_trainingForm;
};

} // namespace cnnwb::ui
