#pragma once

#include "cnnwb/engine/data/dataset.h"
#include "cnnwb/engine/insight/predictor.h"

#include <QImage>
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

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void analyse();
    void showCam();
    void showFeatureMaps();
    void showFilters();
    void fail(const QString& text);

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
