#pragma once

#include "cnnwb/engine/data/dataset.h"
#include "cnnwb/engine/insight/predictor.h"

#include <QImage>
#include <QPointer>
#include <QThread>
#include <QWidget>

#include <filesystem>
#include <optional>
#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QSpinBox;
class QTableWidget;

namespace cnnwb::ui {

/// The Insight tab: what a trained model does with one image. Open or drop any PNG/JPEG (or pick a
/// test image): it is resized and normalized as in training, and the page shows the top-5 classes
/// with probabilities, a Grad-CAM heat map over the image for the predicted or a chosen class, the
/// feature maps of any layer, and the first convolution's filters.
class InsightPage : public QWidget {
    Q_OBJECT
public:
    explicit InsightPage(QWidget* parent = nullptr);
    ~InsightPage() override;
    InsightPage(const InsightPage&) = delete;
    InsightPage& operator=(const InsightPage&) = delete;

    /// The model to look into (a checkpoint) and, optionally, the dataset for test images.
    bool setCheckpoint(const std::filesystem::path& checkpoint, const std::filesystem::path& dataFolder = {});
    /// setCheckpoint() with the reading (checkpoint, model and dataset: most of a second for
    /// CIFAR-10) on a worker thread, so that the window keeps answering at a run's end; the page
    /// shows the model once it is read and emits `loaded`. A later call supersedes an earlier one.
    void loadCheckpoint(const std::filesystem::path& checkpoint, const std::filesystem::path& dataFolder = {});
    bool openImage(const QString& file);
    /// A test image of the dataset, by index.
    bool showTestImage(std::int64_t index);

    [[nodiscard]] bool hasModel() const noexcept { return m_predictor.has_value(); }
    [[nodiscard]] QTableWidget* topTable() const { return m_top; }
    [[nodiscard]] QComboBox* camClass() const { return m_camClass; }
    [[nodiscard]] QComboBox* layerChoice() const { return m_layer; }
    [[nodiscard]] const QImage& camImage() const noexcept { return m_camImage; }
    [[nodiscard]] int featureMapCount() const noexcept { return m_mapCount; }
    [[nodiscard]] int filterCount() const noexcept { return m_filterCount; }
    [[nodiscard]] QLabel* message() const { return m_message; }

Q_SIGNALS:
    void updated();
    /// After loadCheckpoint(): whether the model could be read (the message says why not).
    void loaded(bool ok);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    /// What reading a checkpoint gives: the model and the dataset, or the reason it failed.
    struct Reading {
        std::optional<engine::Predictor> predictor;
        std::optional<engine::Dataset> dataset;
        QString error;
    };
    [[nodiscard]] static Reading read(const std::filesystem::path& checkpoint, const std::filesystem::path& dataFolder);
    bool present(Reading reading);
    void analyse();
    void showCam();
    void showFeatureMaps();
    void showFilters();
    void fail(const QString& text);

    std::uint64_t m_generation = 0; ///< the latest load; an older one's result is dropped
    QPointer<QThread> m_worker;     ///< the running load, null once it has ended
    std::optional<engine::Predictor> m_predictor;
    std::optional<engine::Dataset> m_dataset;
    std::vector<std::uint8_t> m_image; ///< planar, the model's input shape
    QImage m_camImage;
    int m_mapCount = 0;
    int m_filterCount = 0;

    QLabel* m_message;
    QSpinBox* m_testIndex;
    QLabel* m_original;
    QLabel* m_cam;
    QComboBox* m_camClass;
    QTableWidget* m_top;
    QComboBox* m_layer;
    QLabel* m_maps;
    QLabel* m_filters;
};

} // namespace cnnwb::ui
