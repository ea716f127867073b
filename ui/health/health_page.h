#pragma once

#include "ui/health/health_history.h"
#include "ui/training/training_types.h"

#include <QPointer>
#include <QThread>
#include <QWidget>

#include <cstdint>
#include <filesystem>
#include <optional>

class QComboBox;
class QLabel;
class QSlider;
class QTableWidget;
class QTableWidgetItem;
class QTimer;
class QTreeWidget;

namespace cnnwb::ui {

class HistogramHeatMap;

/// The Health tab (docs/layer-health.md): what the run's layers do. A row per layer with trend
/// lines of its update ratio, gradient and weight norms, output spread and dead units; a layer's
/// weight, gradient or activation histograms over the epochs as a heat map; the diagnoses in plain
/// words, each leading to the setting it is about; and the first convolution's filters and one
/// image's feature maps at the epoch chosen with the scrubber, which moves with the other pages'.
/// It fills while a run trains and shows a finished run's health.jsonl.
class HealthPage : public QWidget {
    Q_OBJECT
public:
    explicit HealthPage(QWidget* parent = nullptr);
    ~HealthPage() override;
    HealthPage(const HealthPage&) = delete;
    HealthPage& operator=(const HealthPage&) = delete;

    /// A new run starts: what was shown goes.
    void clear();
    /// A finished run: its folder's health.jsonl and pictures. Returns false (saying why on the
    /// page) when the folder has none or it cannot be read.
    bool showRunFolder(const std::filesystem::path& folder);
    /// showRunFolder() with the reading on a worker thread; `loaded` says when it is shown.
    void loadRunFolder(const std::filesystem::path& folder);
    void addSample(const engine::HealthSample& sample);
    void addEpoch(const engine::EpochHealth& health);
    /// Shows this epoch's histograms and pictures (the latest when out of range); no signal.
    void selectEpoch(int epoch);

    [[nodiscard]] const HealthHistory& history() const noexcept { return m_history; }
    [[nodiscard]] int selectedEpoch() const noexcept { return m_selected; }
    [[nodiscard]] QTableWidget* layerTable() const { return m_layers; }
    [[nodiscard]] QTreeWidget* diagnosisList() const { return m_diagnoses; }
    [[nodiscard]] HistogramHeatMap* heatMap() const { return m_heatMap; }
    [[nodiscard]] QComboBox* heatMapLayer() const { return m_heatLayer; }
    [[nodiscard]] QComboBox* heatMapQuantity() const { return m_heatQuantity; }
    [[nodiscard]] QSlider* epochScrubber() const { return m_scrubber; }
    [[nodiscard]] QLabel* filters() const { return m_filters; }
    [[nodiscard]] QLabel* featureMaps() const { return m_featureMaps; }
    [[nodiscard]] QLabel* message() const { return m_message; }
    /// Redraws what is pending now instead of at the next throttled tick (tests).
    void redrawNow();

    /// The table and heat map redraw at most this often while samples arrive.
    static constexpr int kRedrawMs = 250;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void showEvent(QShowEvent* event) override;

Q_SIGNALS:
    /// The scrubber or the heat map chose an epoch.
    void epochSelected(int epoch);
    /// A diagnosis was activated: show the setting it suggests changing ("learning_rate",
    /// "gradient_clip_norm", "layers", "augmentation").
    void settingRequested(const QString& setting);
    /// After loadRunFolder(): whether the folder had a readable record.
    void loaded(bool ok);

private:
    struct Reading {
        std::optional<engine::HealthRecord> record;
        QString error;
    };
    [[nodiscard]] static Reading read(const std::filesystem::path& folder);
    bool present(const std::filesystem::path& folder, Reading reading);
    QWidget* createDiagnosisBox();
    QWidget* createLayerBox();
    QWidget* createHeatMapBox();
    QWidget* createPictureBox();
    void scheduleRedraw();
    void refreshLayers();
    QTableWidgetItem* cellAt(int row, int column);
    void refreshDiagnoses();
    void refreshHeatMap();
    void refreshEpochControls();
    void showPictures();
    void showSummary();

    HealthHistory m_history;
    std::uint64_t m_generation = 0; ///< the latest load; an older one's result is dropped
    QPointer<QThread> m_worker;
    bool m_stale = false; ///< samples came while the page was hidden
    int m_selected = 0;
    bool m_followLatest = true; ///< the scrubber moves on with each new epoch until someone moves it back
    QString m_source;           ///< where the record comes from, for the summary line
    QTimer* m_redraw;
    QLabel* m_message;
    QTreeWidget* m_diagnoses;
    QTableWidget* m_layers;
    QComboBox* m_heatLayer;
    QComboBox* m_heatQuantity;
    HistogramHeatMap* m_heatMap;
    QSlider* m_scrubber;
    QLabel* m_epochLabel;
    QLabel* m_filters;
    QLabel* m_featureMaps;
};

} // namespace cnnwb::ui
