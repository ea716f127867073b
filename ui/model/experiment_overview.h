#pragma once

#include "cnnwb/engine/data/dataset_info.h"

#include <QWidget>

#include <optional>

class QFormLayout;
class QLabel;

namespace cnnwb::ui {

/// The experiment's dataset at a glance: name, format, folder, image shape, counts and classes.
class ExperimentOverview : public QWidget {
    Q_OBJECT
public:
    explicit ExperimentOverview(QWidget* parent = nullptr);

    /// Shows a dataset, or (with no value) the reason there is none.
    void setDataset(const std::optional<engine::DatasetInfo>& info, const QString& problem = {});

    /// Plain-text version of what is shown, for the clipboard.
    [[nodiscard]] QString summaryText() const;

private:
    QFormLayout* m_datasetForm;
    QLabel* m_datasetProblem;
};

} // namespace cnnwb::ui
