#pragma once

#include "cnnwb/engine/distributed/cluster_launch.h"
#include "cnnwb/engine/records/experiment.h"

#include <QDialog>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTabWidget;

namespace cnnwb::ui {

/// Train → Run on a Cluster…: writes the current experiment with a ready torchrun script and a
/// Slurm batch script into a folder, so the same experiment trains data-parallel on a cluster
/// (nodes × GPUs per node processes) without retyping anything. Both scripts are previewed live.
class ClusterLaunchDialog : public QDialog {
    Q_OBJECT
public:
    ClusterLaunchDialog(engine::Experiment experiment, const QString& folder, QWidget* parent = nullptr);

    /// What the fields say now (not validated).
    [[nodiscard]] engine::ClusterLaunch launch() const;
    [[nodiscard]] engine::Experiment experiment() const;
    [[nodiscard]] QString folder() const;
    void setFolder(const QString& folder);
    /// "Write Files" without the button: false (the reason in the status line) on failure.
    bool writeFiles();

    [[nodiscard]] QSpinBox* nodesBox() const { return m_nodes; }
    [[nodiscard]] QSpinBox* gpusBox() const { return m_gpus; }
    [[nodiscard]] QLineEdit* timeEdit() const { return m_time; }
    [[nodiscard]] QLineEdit* partitionEdit() const { return m_partition; }
    [[nodiscard]] QLineEdit* dataEdit() const { return m_data; }
    [[nodiscard]] QCheckBox* syncBatchNormBox() const { return m_syncBatchNorm; }
    [[nodiscard]] QPushButton* writeButton() const { return m_write; }
    [[nodiscard]] QLabel* statusLabel() const { return m_status; }
    [[nodiscard]] QLabel* batchLabel() const { return m_batch; }
    [[nodiscard]] QString slurmPreview() const;
    [[nodiscard]] QString torchrunPreview() const;

Q_SIGNALS:
    void filesWritten(const QStringList& files);

private:
    void refresh();
    void chooseFolder();

    engine::Experiment m_experiment;
    QSpinBox* m_nodes;
    QSpinBox* m_gpus;
    QSpinBox* m_cpus;
    QLineEdit* m_time;
    QLineEdit* m_partition;
    QLineEdit* m_account;
    QLineEdit* m_jobName;
    QLineEdit* m_data;
    QLineEdit* m_container;
    QCheckBox* m_syncBatchNorm;
    QLineEdit* m_folder;
    QLabel* m_batch;
    QTabWidget* m_previews;
    QPlainTextEdit* m_slurm;
    QPlainTextEdit* m_torchrun;
    QLabel* m_status;
    QPushButton* m_write;
    QPushButton* m_copy;
};

} // namespace cnnwb::ui
