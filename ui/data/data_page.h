#pragma once

#include "cnnwb/engine/augment/augmentation_preview.h"
#include "cnnwb/engine/data/dataset.h"
#include "cnnwb/engine/train/train_config.h"

#include <QElapsedTimer>
#include <QImage>
#include <QPointer>
#include <QStringList>
#include <QThread>
#include <QWidget>

#include <filesystem>
#include <optional>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPixmap;
class QPushButton;
class QScrollArea;
class QTableWidget;
class QTimer;

namespace cnnwb::ui {

class AugmentationPanel;
class ImageOptionsPanel;
class ExperimentDocument;

/// The Data tab: the dataset (with Download buttons), its classes with counts, the validation
/// split, and the augmentation panel beside a live preview grid of augmented training images
/// drawn by the engine's renderPreviewGrid (the picture `cnnwb preview` writes). The dataset is
/// decoded on a worker thread; previews render on the GUI thread in a few milliseconds.
class DataPage : public QWidget {
    Q_OBJECT
public:
    explicit DataPage(QWidget* parent = nullptr);
    ~DataPage() override;
    DataPage(const DataPage&) = delete;
    DataPage& operator=(const DataPage&) = delete;

    /// Loads the folder in the background, read as `options` say (empty: no dataset).
    void setDatasetFolder(const std::filesystem::path& folder, const engine::DataOptions& options = {});
    /// Shows the config's augmentation, validation split and seed.
    void setConfig(const engine::TrainConfig& config);
    /// Follows the document's dataset folder and training config, and writes the augmentation and
    /// validation split chosen here back into its config.
    void observe(ExperimentDocument* document);

    [[nodiscard]] bool isLoaded() const noexcept { return m_dataset.has_value(); }
    [[nodiscard]] const engine::AugmentationSpec& augmentation() const;
    [[nodiscard]] double validationFraction() const noexcept { return m_validationFraction; }
    [[nodiscard]] AugmentationPanel* augmentationPanel() const { return m_panel; }
    [[nodiscard]] ImageOptionsPanel* imageOptions() const { return m_imageOptions; }
    /// The loaded dataset, if any.
    [[nodiscard]] const std::optional<engine::Dataset>& dataset() const noexcept { return m_dataset; }
    [[nodiscard]] QTableWidget* classTable() const { return m_classes; }
    /// The grid as the engine renders it (captions left for the window to write).
    [[nodiscard]] const QImage& previewImage() const noexcept { return m_image; }
    /// The class names written under the tiles, tile by tile, as shown (cut with "…" to fit).
    [[nodiscard]] const QStringList& previewCaptions() const noexcept { return m_captions; }
    [[nodiscard]] const engine::PreviewOptions& previewOptions() const noexcept { return m_options; }
    [[nodiscard]] QPushButton* rerollButton() const { return m_reroll; }
    [[nodiscard]] QCheckBox* sameImageBox() const { return m_sameImage; }
    [[nodiscard]] QCheckBox* originalBox() const { return m_original; }
    [[nodiscard]] QComboBox* validationChoice() const { return m_validationChoice; }
    [[nodiscard]] QLabel* messageLabel() const { return m_message; }
    /// How long the last preview took to render, in milliseconds.
    [[nodiscard]] double lastRenderMs() const noexcept { return m_renderMs; }

Q_SIGNALS:
    void augmentationChanged(const cnnwb::engine::AugmentationSpec& spec);
    void validationChanged(double fraction);
    /// After every load attempt; `ok` false with the reason in messageLabel().
    void datasetLoaded(bool ok);
    void previewUpdated();
    void openFolderRequested();
    /// A download finished: open this folder.
    void datasetDownloaded(const QString& folder);
    /// A folder was dropped on the page: open it as the dataset.
    void folderDropped(const QString& folder);

protected:
    void resizeEvent(QResizeEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    QWidget* createDatasetColumn();
    QWidget* createValidationBox();
    QWidget* createPreviewColumn();
    void loaded(std::uint64_t generation, std::optional<engine::Dataset> dataset, const QString& error);
    void showClasses();
    void chooseGrid();
    void schedulePreview();
    void renderPreview();
    /// The zoom, whole or not, at which the grid fills the visible area.
    [[nodiscard]] double fittingZoom() const;
    void drawCaptions(QPixmap& pixmap, double scale);
    void computeNormalization();
    void download(const QString& id);
    void updateValidation();
    void writeConfig(ExperimentDocument* document);

    std::optional<engine::Dataset> m_dataset;
    std::filesystem::path m_folder;
    engine::DataOptions m_dataOptions;
    std::uint64_t m_generation = 0;
    QPointer<QThread> m_loader; ///< the running load, null once it has ended
    engine::PreviewOptions m_options;
    double m_validationFraction = 0.0;
    QImage m_image;
    QStringList m_captions;
    bool m_writingConfig = false; ///< this page's own change coming back from the document
    bool m_gridChosen = false;    ///< the student picked a grid: it no longer follows the image size
    double m_renderMs = 0.0;

    AugmentationPanel* m_panel;
    ImageOptionsPanel* m_imageOptions;
    QLabel* m_folderLabel = nullptr;
    QLabel* m_info = nullptr;
    QTableWidget* m_classes = nullptr;
    QComboBox* m_validationChoice = nullptr;
    QDoubleSpinBox* m_validationPercent = nullptr;
    QComboBox* m_grid = nullptr;
    QPushButton* m_reroll = nullptr;
    QPushButton* m_newImages = nullptr;
    QCheckBox* m_sameImage = nullptr;
    QCheckBox* m_original = nullptr;
    QScrollArea* m_previewScroll = nullptr;
    QLabel* m_preview = nullptr;
    QLabel* m_message = nullptr;
    QLabel* m_renderInfo = nullptr;
    QTimer* m_renderTimer;
};

} // namespace cnnwb::ui
