#include "ui/health/health_page.h"

#include "ui/common/engine_text.h"
#include "ui/common/worker_thread.h"
#include "ui/health/histogram_heat_map.h"
#include "ui/health/sparkline_delegate.h"

#include "cnnwb/engine/core/error.h"

#include <QComboBox>
#include <QEvent>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QImage>
#include <QLabel>
#include <QLocale>
#include <QPixmap>
#include <QSlider>
#include <QSplitter>
#include <QTableWidget>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <cmath>
#include <set>

namespace cnnwb::ui {
namespace {

struct StatColumn {
    HealthStat stat;
    const char* title;
    const char* tip;
    bool logScale;
};

// clang-format off: one column a line
const StatColumn kColumns[] = {
    {HealthStat::UpdateRatio, QT_TRANSLATE_NOOP("cnnwb::ui::HealthPage", "Update ratio"),
        QT_TRANSLATE_NOOP("cnnwb::ui::HealthPage",
            "How much one step changes the weights, ‖Δw‖ / ‖w‖: about 0.001 is healthy, "
            "above 0.05 the learning rate is too high, below 0.00001 too low"),
        true},
    {HealthStat::GradientNorm, QT_TRANSLATE_NOOP("cnnwb::ui::HealthPage", "Gradient norm"),
        QT_TRANSLATE_NOOP("cnnwb::ui::HealthPage", "‖g‖ of the layer's weights at the sampled step"), true},
    {HealthStat::WeightNorm, QT_TRANSLATE_NOOP("cnnwb::ui::HealthPage", "Weight norm"),
        QT_TRANSLATE_NOOP("cnnwb::ui::HealthPage", "‖w‖ of the layer's weights (biases left out)"), true},
    {HealthStat::BatchSpread, QT_TRANSLATE_NOOP("cnnwb::ui::HealthPage", "Output spread"),
        QT_TRANSLATE_NOOP("cnnwb::ui::HealthPage",
            "How much the layer's output differs between images (each unit's "
            "standard deviation across the images, averaged): near 0, the layer says the same for every image"),
        false},
    {HealthStat::DeadFraction, QT_TRANSLATE_NOOP("cnnwb::ui::HealthPage", "Dead / saturated"),
        QT_TRANSLATE_NOOP("cnnwb::ui::HealthPage",
            "ReLU-type layers: share of units that give zero for every one of the "
            "sampled images; Sigmoid and Tanh: share of outputs stuck at a bound"),
        false},
};
// clang-format on
constexpr int kColumnCount = static_cast<int>(std::size(kColumns));

// The column a layer's diagnosis is about, or -1.
int columnOf(engine::DiagnosisKind kind)
{
    switch (kind) {
    case engine::DiagnosisKind::DeadRelus:
        return 1 + 4;
    case engine::DiagnosisKind::ConstantOutput:
        return 1 + 3;
    case engine::DiagnosisKind::VanishingGradients:
        return 1 + 1;
    default:
        return -1;
    }
}

QString valueText(double v, HealthStat stat)
{
    if (!std::isfinite(v))
        return QString();
    if (stat == HealthStat::DeadFraction)
        return QStringLiteral("%1 %").arg(QLocale().toString(100.0 * v, 'f', 0));
    return QLocale().toString(v, 'g', 3);
}

// The picture as large as fits `box`: enlarged by whole pixels (3×3 filters stay sharp, not
// blurred), made smaller smoothly.
QPixmap pixmapOf(const engine::RgbImage& image, const QSize& box)
{
    if (image.pixels.empty() || image.width <= 0 || image.height <= 0 || box.isEmpty())
        return {};
    const QImage view(image.pixels.data(), image.width, image.height, image.width * 3, QImage::Format_RGB888);
    const int scale = std::min(box.width() / image.width, box.height() / image.height);
    if (scale >= 1)
        return QPixmap::fromImage(view.scaled(image.width * scale, image.height * scale));
    return QPixmap::fromImage(view.scaled(box, Qt::KeepAspectRatio, Qt::SmoothTransformation));
}

} // namespace

HealthPage::HealthPage(QWidget* parent)
    : QWidget(parent)
    , m_redraw(new QTimer(this))
    , m_message(new QLabel)
    , m_diagnoses(new QTreeWidget)
    , m_layers(new QTableWidget(0, 1 + kColumnCount))
    , m_heatLayer(new QComboBox)
    , m_heatQuantity(new QComboBox)
    , m_heatMap(new HistogramHeatMap)
    , m_scrubber(new QSlider(Qt::Horizontal))
    , m_epochLabel(new QLabel)
    , m_filters(new QLabel)
    , m_featureMaps(new QLabel)
{
    setObjectName(QStringLiteral("HealthPage"));
    m_message->setObjectName(QStringLiteral("healthMessage"));
    m_message->setWordWrap(true);
    m_redraw->setSingleShot(true);
    m_redraw->setInterval(kRedrawMs);
    connect(m_redraw, &QTimer::timeout, this, &HealthPage::redrawNow);

    auto* middle = new QSplitter(Qt::Horizontal);
    middle->addWidget(createLayerBox());
    middle->addWidget(createHeatMapBox());
    middle->setStretchFactor(0, 3);
    middle->setStretchFactor(1, 2);
    auto* split = new QSplitter(Qt::Vertical);
    split->addWidget(createDiagnosisBox());
    split->addWidget(middle);
    split->addWidget(createPictureBox());
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 3);
    split->setStretchFactor(2, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_message);
    layout->addWidget(split, 1);
    clear();
}

QWidget* HealthPage::createDiagnosisBox()
{
    m_diagnoses->setObjectName(QStringLiteral("diagnosisList"));
    m_diagnoses->setHeaderLabels({tr("Epoch"), tr("Diagnosis"), tr("What to try")});
    m_diagnoses->setRootIsDecorated(false);
    m_diagnoses->setWordWrap(true);
    m_diagnoses->setUniformRowHeights(false);
    m_diagnoses->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_diagnoses->header()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_diagnoses->header()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_diagnoses->header()->setStretchLastSection(false);
    m_diagnoses->setToolTip(tr("Double-click a diagnosis to go to the setting it suggests changing"));
    connect(m_diagnoses, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem* item) {
        const QString setting = item->data(0, Qt::UserRole).toString();
        if (!setting.isEmpty())
            Q_EMIT settingRequested(setting);
    });
    auto* box = new QGroupBox(tr("Diagnoses"));
    auto* layout = new QVBoxLayout(box);
    layout->addWidget(m_diagnoses);
    return box;
}

QWidget* HealthPage::createLayerBox()
{
    m_layers->setObjectName(QStringLiteral("layerHealthTable"));
    QStringList headers{tr("Layer")};
    for (const StatColumn& c : kColumns)
        headers << tr(c.title);
    m_layers->setHorizontalHeaderLabels(headers);
    for (int i = 0; i < kColumnCount; ++i) {
        m_layers->horizontalHeaderItem(1 + i)->setToolTip(tr(kColumns[i].tip));
        m_layers->setItemDelegateForColumn(1 + i, new SparklineDelegate(m_layers));
    }
    m_layers->verticalHeader()->setVisible(false);
    // Room for a readable trend line, and for the seed CNN's five rows on a 720-line screen.
    m_layers->verticalHeader()->setDefaultSectionSize(fontMetrics().height() * 3 / 2 + 6);
    m_layers->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_layers->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_layers->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_layers->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_layers->setSelectionMode(QAbstractItemView::SingleSelection);
    // Choosing a layer in the table shows its histograms.
    connect(m_layers, &QTableWidget::currentCellChanged, this, [this](int row) {
        if (row >= 0 && row < m_heatLayer->count())
            m_heatLayer->setCurrentIndex(row);
    });
    auto* box = new QGroupBox(tr("Layers over the steps"));
    auto* layout = new QVBoxLayout(box);
    layout->addWidget(m_layers);
    return box;
}

QWidget* HealthPage::createHeatMapBox()
{
    m_heatLayer->setObjectName(QStringLiteral("heatMapLayer"));
    m_heatQuantity->setObjectName(QStringLiteral("heatMapQuantity"));
    m_heatQuantity->addItem(tr("Weights"));
    m_heatQuantity->addItem(tr("Gradients"));
    m_heatQuantity->addItem(tr("Activations"));
    m_heatMap->setObjectName(QStringLiteral("histogramHeatMap"));
    m_heatMap->setToolTip(tr("One strip per epoch: darker where more values fall. Click a strip to choose its epoch."));
    for (QComboBox* box : {m_heatLayer, m_heatQuantity})
        connect(box, &QComboBox::currentIndexChanged, this, &HealthPage::refreshHeatMap);
    connect(m_heatMap, &HistogramHeatMap::epochClicked, this, [this](int epoch) {
        m_followLatest = epoch >= static_cast<int>(m_history.epochs().size());
        selectEpoch(epoch);
        Q_EMIT epochSelected(epoch);
    });
    auto* choices = new QHBoxLayout;
    choices->addWidget(m_heatLayer, 1);
    choices->addWidget(m_heatQuantity);
    auto* box = new QGroupBox(tr("Histograms over the epochs"));
    auto* layout = new QVBoxLayout(box);
    layout->addLayout(choices);
    layout->addWidget(m_heatMap, 1);
    return box;
}

QWidget* HealthPage::createPictureBox()
{
    m_scrubber->setObjectName(QStringLiteral("healthEpoch"));
    m_scrubber->setPageStep(1);
    m_scrubber->setToolTip(tr("The epoch shown here, on the Results page and marked on the charts"));
    connect(m_scrubber, &QSlider::valueChanged, this, [this](int epoch) {
        if (epoch == m_selected || epoch < 1)
            return;
        m_followLatest = epoch == m_scrubber->maximum();
        selectEpoch(epoch);
        Q_EMIT epochSelected(epoch);
    });
    m_filters->setObjectName(QStringLiteral("healthFilters"));
    m_featureMaps->setObjectName(QStringLiteral("healthFeatureMaps"));
    for (QLabel* label : {m_filters, m_featureMaps}) {
        label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
        label->setMinimumSize(80, 80);
        // The picture is made to fit the label, not the label to fit the picture.
        label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Ignored);
        label->installEventFilter(this);
    }
    auto* scrub = new QHBoxLayout;
    scrub->addWidget(m_epochLabel);
    scrub->addWidget(m_scrubber, 1);
    auto* pictures = new QHBoxLayout;
    auto* filterColumn = new QVBoxLayout;
    filterColumn->addWidget(new QLabel(tr("First convolution's filters")));
    filterColumn->addWidget(m_filters, 1);
    auto* mapColumn = new QVBoxLayout;
    mapColumn->addWidget(new QLabel(tr("Its feature maps of one training image")));
    mapColumn->addWidget(m_featureMaps, 1);
    pictures->addLayout(filterColumn, 2);
    pictures->addLayout(mapColumn, 3);
    auto* box = new QGroupBox(tr("Watch the filters learn"));
    auto* layout = new QVBoxLayout(box);
    layout->addLayout(scrub);
    layout->addLayout(pictures, 1);
    return box;
}

void HealthPage::clear()
{
    m_history.clear();
    m_selected = 0;
    m_followLatest = true;
    m_source.clear();
    m_redraw->stop();
    redrawNow();
}

HealthPage::~HealthPage()
{
    if (m_worker != nullptr)
        m_worker->wait();
}

HealthPage::Reading HealthPage::read(const std::filesystem::path& folder)
{
    Reading reading;
    try {
        reading.record = engine::readHealthRecord(folder);
    } catch (const engine::Error& e) {
        reading.error = tr("The run's health record cannot be read: %1").arg(EngineText::error(e));
    }
    return reading;
}

bool HealthPage::present(const std::filesystem::path& folder, Reading reading)
{
    clear();
    m_source = QString::fromStdString(folder.string());
    if (!reading.record) {
        m_message->setText(reading.error);
        return false;
    }
    m_history.setRecord(std::move(*reading.record));
    redrawNow();
    return !m_history.empty();
}

bool HealthPage::showRunFolder(const std::filesystem::path& folder)
{
    ++m_generation; // a load still under way is superseded
    return present(folder, read(folder));
}

// Parsing health.jsonl and decoding each epoch's pictures takes a while for a long run: on a
// worker, as the Insight page reads a checkpoint, so that the window keeps answering.
void HealthPage::loadRunFolder(const std::filesystem::path& folder)
{
    const std::uint64_t generation = ++m_generation;
    if (m_worker != nullptr)
        m_worker->wait();
    QPointer<HealthPage> self(this);
    m_worker = startWorkerThread([self, folder, generation] {
        auto reading = std::make_shared<Reading>(read(folder));
        QMetaObject::invokeMethod(
            self,
            [self, folder, generation, reading] {
                if (self && generation == self->m_generation)
                    Q_EMIT self->loaded(self->present(folder, std::move(*reading)));
            },
            Qt::QueuedConnection);
    });
}

void HealthPage::addSample(const engine::HealthSample& sample)
{
    m_history.addSample(sample);
    if (!sample.fired.empty())
        refreshDiagnoses();
    scheduleRedraw();
}

void HealthPage::addEpoch(const engine::EpochHealth& health)
{
    m_history.addEpoch(health);
    refreshDiagnoses();
    refreshEpochControls();
    scheduleRedraw();
}

void HealthPage::scheduleRedraw()
{
    // Hidden, the page only notes that it is behind: showing it redraws once.
    if (!isVisible()) {
        m_stale = true;
        return;
    }
    if (!m_redraw->isActive())
        m_redraw->start();
}

void HealthPage::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (m_stale)
        redrawNow();
}

void HealthPage::redrawNow()
{
    m_redraw->stop();
    m_stale = false;
    refreshLayers();
    refreshDiagnoses();
    refreshEpochControls();
    refreshHeatMap();
    showPictures();
    showSummary();
}

void HealthPage::showSummary()
{
    if (m_history.empty()) {
        m_message->setText(m_source.isEmpty()
                ? tr("The layers' health appears here while a run trains: every few steps each layer's update ratio, "
                     "gradient, weights and dead units, and at each epoch's end histograms and the first filters. "
                     "Open a run's checkpoint to see a finished run.")
                : tr("%1 has no health record (it trained with layer health off, or before CNN Workbench kept one).")
                      .arg(m_source));
        return;
    }
    const std::size_t count = m_history.diagnoses().size();
    const QString what = tr("%n sample(s), %1 epoch(s)", nullptr, static_cast<int>(m_history.samples().size()))
                             .arg(m_history.epochs().size());
    const QString verdict = count == 0
        ? tr("nothing looks wrong so far.")
        : tr("%n diagnosis(es): see what to try below.", nullptr, static_cast<int>(count));
    m_message->setText(
        m_source.isEmpty() ? tr("This run: %1; %2").arg(what, verdict) : tr("%1: %2; %3").arg(m_source, what, verdict));
}

// The table's items are kept from redraw to redraw: replacing them would drop the selection and
// allocate a row of items four times a second while a run trains.
QTableWidgetItem* HealthPage::cellAt(int row, int column)
{
    QTableWidgetItem* item = m_layers->item(row, column);
    if (item == nullptr) {
        item = new QTableWidgetItem;
        m_layers->setItem(row, column, item);
    }
    return item;
}

void HealthPage::refreshLayers()
{
    const std::vector<HealthHistory::Layer> layers = m_history.layers();
    std::set<std::pair<int, int>> flagged; // (layer, column)
    for (const engine::Diagnosis& d : m_history.diagnoses())
        if (d.layer >= 0) {
            flagged.insert({d.layer, 0});
            flagged.insert({d.layer, columnOf(d.kind)});
        }
    m_layers->setRowCount(static_cast<int>(layers.size()));
    for (int row = 0; row < static_cast<int>(layers.size()); ++row) {
        const HealthHistory::Layer& layer = layers[static_cast<std::size_t>(row)];
        QTableWidgetItem* name = cellAt(row, 0);
        name->setText(QStringLiteral("%1  %2").arg(layer.index).arg(QString::fromStdString(layer.kind)));
        name->setForeground(flagged.count({layer.index, 0}) != 0 ? QBrush(QColor(0xc6, 0x28, 0x28)) : QBrush());
        for (int c = 0; c < kColumnCount; ++c) {
            const QList<QPointF> points = m_history.series(layer.index, kColumns[c].stat);
            QTableWidgetItem* cell = cellAt(row, 1 + c);
            cell->setText(points.isEmpty() ? QString() : valueText(points.back().y(), kColumns[c].stat));
            cell->setData(SparklineDelegate::kPointsRole, QVariant::fromValue(points));
            cell->setData(SparklineDelegate::kLogScaleRole, kColumns[c].logScale);
            cell->setData(SparklineDelegate::kFlaggedRole, flagged.count({layer.index, 1 + c}) != 0);
        }
    }
    // The heat map's layer choice follows the table's rows; rebuilt only when they change, so an
    // open list is not closed under the user's pointer at every redraw.
    QStringList names;
    for (const HealthHistory::Layer& layer : layers)
        names << tr("Layer %1 (%2)").arg(layer.index).arg(QString::fromStdString(layer.kind));
    QStringList shown;
    for (int i = 0; i < m_heatLayer->count(); ++i)
        shown << m_heatLayer->itemText(i);
    if (names == shown)
        return;
    const QString current = m_heatLayer->currentText();
    const QSignalBlocker block(m_heatLayer);
    m_heatLayer->clear();
    for (std::size_t i = 0; i < layers.size(); ++i)
        m_heatLayer->addItem(names[static_cast<qsizetype>(i)], layers[i].index);
    const int again = m_heatLayer->findText(current);
    m_heatLayer->setCurrentIndex(again >= 0 ? again : 0);
}

void HealthPage::refreshDiagnoses()
{
    const std::vector<engine::Diagnosis> all = m_history.diagnoses();
    if (m_diagnoses->topLevelItemCount() == static_cast<int>(all.size()))
        return;
    m_diagnoses->clear();
    for (const engine::Diagnosis& d : all) {
        auto* item = new QTreeWidgetItem(m_diagnoses);
        const QString title = EngineText::diagnosisTitle(d.kind);
        const QString message = EngineText::phrase(d.message);
        const QString suggestion = EngineText::phrase(d.suggestion);
        item->setText(0, QString::number(d.epoch));
        item->setText(1, tr("%1: %2").arg(title, message));
        item->setText(2, suggestion);
        item->setData(0, Qt::UserRole, QString::fromStdString(d.setting));
        item->setData(1, Qt::UserRole, static_cast<int>(d.kind));
        const QString tip = tr("<b>%1</b><br>%2<br><br>Try: %3<br><i>Double-click to go to the setting.</i>")
                                .arg(title.toHtmlEscaped(), message.toHtmlEscaped(), suggestion.toHtmlEscaped());
        for (int c = 0; c < 3; ++c)
            item->setToolTip(c, tip);
        item->setForeground(1, QColor(0xc6, 0x28, 0x28));
    }
    if (m_diagnoses->topLevelItemCount() > 0)
        m_diagnoses->scrollToItem(m_diagnoses->topLevelItem(m_diagnoses->topLevelItemCount() - 1));
}

void HealthPage::refreshHeatMap()
{
    const int layer = m_heatLayer->currentData().isValid() ? m_heatLayer->currentData().toInt() : -1;
    m_heatMap->setStrips(layer >= 0 ? m_history.histograms(layer, m_heatQuantity->currentIndex())
                                    : std::vector<std::pair<int, engine::Histogram>>{});
    m_heatMap->setSelectedEpoch(m_selected);
}

void HealthPage::refreshEpochControls()
{
    const int epochs = m_history.epochs().empty() ? 0 : m_history.epochs().back().epoch;
    {
        const QSignalBlocker block(m_scrubber);
        m_scrubber->setRange(epochs > 0 ? 1 : 0, epochs);
    }
    m_scrubber->setEnabled(epochs > 1);
    if (epochs > 0 && (m_followLatest || m_selected < 1 || m_selected > epochs))
        selectEpoch(epochs);
    else if (epochs == 0) {
        m_selected = 0;
        m_epochLabel->setText(tr("Epoch: none yet"));
    }
}

void HealthPage::selectEpoch(int epoch)
{
    if (m_history.epochs().empty())
        return;
    const int last = m_history.epochs().back().epoch;
    if (epoch < 1 || epoch > last)
        epoch = last;
    m_selected = epoch;
    {
        const QSignalBlocker block(m_scrubber);
        m_scrubber->setValue(epoch);
    }
    m_epochLabel->setText(tr("Epoch %1 of %2").arg(epoch).arg(last));
    m_heatMap->setSelectedEpoch(epoch);
    showPictures();
}

void HealthPage::showPictures()
{
    const engine::EpochHealth* epoch = m_history.epoch(m_selected);
    m_filters->setPixmap(epoch != nullptr ? pixmapOf(epoch->filters, m_filters->size()) : QPixmap());
    m_featureMaps->setPixmap(epoch != nullptr ? pixmapOf(epoch->featureMaps, m_featureMaps->size()) : QPixmap());
    if (epoch == nullptr)
        m_filters->setText(m_history.empty() ? QString() : tr("(at the end of the first epoch)"));
    else if (epoch->filters.pixels.empty())
        m_filters->setText(tr("(the network has no convolution)"));
}

bool HealthPage::eventFilter(QObject* watched, QEvent* event)
{
    // The pictures fit their labels, which the splitters resize.
    if (event->type() == QEvent::Resize && (watched == m_filters || watched == m_featureMaps))
        QTimer::singleShot(0, this, &HealthPage::showPictures);
    return QWidget::eventFilter(watched, event);
}

} // namespace cnnwb::ui
