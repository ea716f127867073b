#pragma once

#include "cnnwb/engine/train/train_config.h"

#include <QGroupBox>

#include <functional>
#include <vector>

class QFormLayout;

namespace cnnwb::ui {

class ExperimentDocument;

/// The hyperparameters of the experiment, with typed editors: epochs, batch size, optimizer and
/// its settings, learning-rate schedule, regularisation, early stopping, seed, device, precision.
/// It edits the experiment document's training config and shows every change of it.
class TrainingSettingsPanel : public QGroupBox {
    Q_OBJECT
public:
    /// `devices` are the choices besides "auto" and "cpu" (e.g. "cuda:0").
    TrainingSettingsPanel(ExperimentDocument* document, const QStringList& cudaDevices, QWidget* parent = nullptr);

    /// The document's config (what the editors show).
    void setConfig(const engine::TrainConfig& config);
    [[nodiscard]] const engine::TrainConfig& config() const noexcept;
    /// "Adam, learning rate 0.001, batch 64, 10 epochs, …" for summaries.
    [[nodiscard]] QString summaryText() const;
    /// The editor of a setting, by object name ("epochs", "learningRate", ...), for tests.
    [[nodiscard]] QWidget* editor(const QString& name) const;
    /// Whether runs started here also write TensorBoard files (the "Write TensorBoard files" box).
    [[nodiscard]] static bool writesTensorBoard();
    static constexpr const char* kTensorBoardKey = "training/tensorboard";

private:
    void addInt(const QString& name, const QString& label, int engine::TrainConfig::*field, int minimum, int maximum,
        const QString& special = {});
    void addDouble(const QString& name, const QString& label, double engine::TrainConfig::*field, double minimum,
        double maximum, int decimals, double step);
    void addBool(const QString& name, const QString& label, bool engine::TrainConfig::*field);
    template <typename Kind>
    void addChoice(const QString& name, const QString& label, Kind engine::TrainConfig::*field,
        const QList<QPair<QString, Kind>>& choices);
    void addDevice(const QStringList& cudaDevices);
    void addTensorBoard();
    /// A user's edit: `change` applied to a copy of the config, which goes to the document.
    void edit(const std::function<void(engine::TrainConfig&)>& change);
    void refresh();

    ExperimentDocument* m_document;
    QFormLayout* m_form;
    std::vector<std::function<void()>> m_refreshers;
};

} // namespace cnnwb::ui
