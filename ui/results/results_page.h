#pragma once

#include "cnnwb/engine/insight/predictor.h"
#include "cnnwb/engine/train/training_metrics.h"

#include <QPointer>
#include <QThread>
#include <QWidget>

#include <filesystem>
#include <optional>
#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QListWidget;
class QSpinBox;
class QTableWidget;

namespace cnnwb::ui {

class ConfusionMatrixView;

/// The Results tab: for any finished epoch, the confusion matrix (counts or shares) and per-class
/// precision, recall and F1; and a gallery of test images the run's last model gets wrong, sorted
/// by confidence and filtered by true and predicted class (clicking a matrix cell sets both).
class ResultsPage : public QWidget {
    Q_OBJECT
public:
    explicit ResultsPage(QWidget* parent = nullptr);
    ~ResultsPage() override;
    ResultsPage(const ResultsPage&) = delete;
    ResultsPage& operator=(const ResultsPage&) = delete;

    void setClassNames(const QStringList& names);
    void clear();
    void addEpoch(const engine::EpochMetrics& metrics);
    /// Shows this epoch (1-based) in every view; the latest when out of range.
    void selectEpoch(int epoch);
    [[nodiscard]] int selectedEpoch() const noexcept { return m_selected; }
    /// Evaluates the checkpoint on the folder's test split in the background for the gallery.
    void loadGallery(const std::filesystem::path& checkpoint, const std::filesystem::path& dataFolder);

    [[nodiscard]] ConfusionMatrixView* matrix() const { return m_matrix; }
    [[nodiscard]] QTableWidget* classTable() const { return m_classTable; }
    [[nodiscard]] QListWidget* gallery() const { return m_gallery; }
    [[nodiscard]] QComboBox* trueFilter() const { return m_trueFilter; }
    [[nodiscard]] QComboBox* predictedFilter() const { return m_predictedFilter; }
    [[nodiscard]] QComboBox* sortOrder() const { return m_sort; }
    [[nodiscard]] QSpinBox* epochBox() const { return m_epoch; }
    [[nodiscard]] QLabel* summary() const { return m_summary; }

Q_SIGNALS:
    void epochSelected(int epoch);
    /// The gallery's evaluation finished (ok) or failed (message in the gallery's label).
    void galleryReady(bool ok);

private:
    void showEpoch();
    void fillGallery();
    /// "cat → dog" (names elided to fit a gallery cell) over "87 % sure".
    [[nodiscard]] QString galleryCaption(const QString& trueName, const QString& predicted, double confidence) const;
    void galleryLoaded(std::uint64_t generation, std::optional<engine::Predictor::Evaluation> evaluation,
        std::optional<engine::Dataset> dataset, const QString& error);

    std::vector<engine::EpochMetrics> m_epochs;
    QStringList m_names;
    int m_selected = 0;
    std::optional<engine::Predictor::Evaluation> m_evaluation;
    std::optional<engine::Dataset> m_dataset;
    std::uint64_t m_generation = 0;
    QPointer<QThread> m_worker; ///< the running job, null once it has ended

    QSpinBox* m_epoch;
    QCheckBox* m_normalized;
    QLabel* m_summary;
    ConfusionMatrixView* m_matrix;
    QTableWidget* m_classTable;
    QComboBox* m_trueFilter;
    QComboBox* m_predictedFilter;
    QComboBox* m_sort;
    QLabel* m_galleryLabel;
    QListWidget* m_gallery;
};

} // namespace cnnwb::ui
