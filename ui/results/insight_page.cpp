#include "ui/results/insight_page.h"

#include "ui/data/planar_image.h"

#include "ui/common/engine_text.h"
#include "ui/common/worker_thread.h"

#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/train/checkpoint.h"

#include <QComboBox>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMimeData>
#include <QPainter>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <memory>

namespace cnnwb::ui {
namespace {

constexpr int kImageSide = 224; // on screen; the model sees its own input size

// Blue (low) to red (high), like the "jet" maps Grad-CAM papers use.
QColor heat(float v)
{
    const float t = std::clamp(v, 0.0F, 1.0F);
    return QColor::fromHsvF(static_cast<float>((1.0 - t) * 0.66), 1.0F, 1.0F);
}

QImage grayTile(const engine::FloatImage& map)
{
    const auto [lo, hi] = std::minmax_element(map.values.begin(), map.values.end());
    const float range = map.values.empty() || *hi - *lo <= 0.0F ? 1.0F : *hi - *lo;
    const float low = map.values.empty() ? 0.0F : *lo;
    QImage tile(map.width, map.height, QImage::Format_Grayscale8);
    for (int y = 0; y < map.height; ++y)
        for (int x = 0; x < map.width; ++x)
            tile.scanLine(y)[x] = static_cast<uchar>(
                std::lround(255.0F * (map.values[static_cast<std::size_t>(y * map.width + x)] - low) / range));
    return tile;
}

// Tiles in a grid, each scaled to `side` pixels (nearest: the pixels are the point).
QPixmap mosaic(const std::vector<QImage>& tiles, int side, int columns)
{
    if (tiles.empty())
        return {};
    const int rows = (static_cast<int>(tiles.size()) + columns - 1) / columns;
    QPixmap canvas(columns * (side + 4) + 4, rows * (side + 4) + 4);
    canvas.fill(QColor(240, 240, 240));
    QPainter painter(&canvas);
    for (std::size_t i = 0; i < tiles.size(); ++i) {
        const int x = 4 + static_cast<int>(i % static_cast<std::size_t>(columns)) * (side + 4);
        const int y = 4 + static_cast<int>(i / static_cast<std::size_t>(columns)) * (side + 4);
        painter.drawImage(QRect(x, y, side, side), tiles[i]);
    }
    return canvas;
}

} // namespace

InsightPage::InsightPage(QWidget* parent)
    : QWidget(parent)
    , m_message(new QLabel)
    , m_testIndex(new QSpinBox)
    , m_original(new QLabel)
    , m_cam(new QLabel)
    , m_camClass(new QComboBox)
    , m_top(new QTableWidget(0, 2))
    , m_layer(new QComboBox)
    , m_maps(new QLabel)
    , m_filters(new QLabel)
{
    setAcceptDrops(true);
    auto* open = new QPushButton(tr("Open Image…"));
    open->setObjectName(QStringLiteral("openImage"));
    connect(open, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(
            this, tr("Open Image"), {}, tr("Images (*.png *.jpg *.jpeg *.bmp *.webp *.tif *.tiff)"));
        if (!file.isEmpty())
            openImage(file);
    });
    m_testIndex->setObjectName(QStringLiteral("testImageIndex"));
    m_testIndex->setPrefix(tr("Test image "));
    m_testIndex->setKeyboardTracking(false);
    connect(m_testIndex, &QSpinBox::valueChanged, this, [this](int index) { showTestImage(index); });
    auto* top = new QHBoxLayout;
    top->addWidget(open);
    top->addWidget(m_testIndex);
    top->addWidget(new QLabel(tr("or drop an image here")));
    top->addWidget(m_message, 1);
    m_message->setWordWrap(true);

    m_original->setFixedSize(kImageSide, kImageSide);
    m_cam->setFixedSize(kImageSide, kImageSide);
    m_cam->setObjectName(QStringLiteral("gradCam"));
    m_camClass->setObjectName(QStringLiteral("camClass"));
    connect(m_camClass, &QComboBox::currentIndexChanged, this, [this] { showCam(); });
    auto* camBox = new QGroupBox(tr("Grad-CAM: where the network looks"));
    auto* camLayout = new QGridLayout(camBox);
    camLayout->addWidget(new QLabel(tr("Image as the model sees it")), 0, 0);
    camLayout->addWidget(m_camClass, 0, 1);
    camLayout->addWidget(m_original, 1, 0);
    camLayout->addWidget(m_cam, 1, 1);

    m_top->setObjectName(QStringLiteral("topClasses"));
    m_top->setHorizontalHeaderLabels({tr("Class"), tr("Probability")});
    m_top->verticalHeader()->setVisible(false);
    m_top->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_top->setEditTriggers(QAbstractItemView::NoEditTriggers);
    auto* topBox = new QGroupBox(tr("Top 5"));
    auto* topLayout = new QVBoxLayout(topBox);
    topLayout->addWidget(m_top);

    auto* upper = new QHBoxLayout;
    upper->addWidget(camBox);
    upper->addWidget(topBox, 1);

    m_layer->setObjectName(QStringLiteral("featureLayer"));
    connect(m_layer, &QComboBox::currentIndexChanged, this, [this] { showFeatureMaps(); });
    auto* mapsBox = new QGroupBox(tr("Feature maps"));
    auto* mapsLayout = new QVBoxLayout(mapsBox);
    mapsLayout->addWidget(m_layer);
    auto* mapsScroll = new QScrollArea;
    mapsScroll->setWidget(m_maps);
    mapsScroll->setWidgetResizable(true);
    mapsLayout->addWidget(mapsScroll);
    auto* filtersBox = new QGroupBox(tr("First convolution's filters"));
    auto* filtersLayout = new QVBoxLayout(filtersBox);
    auto* filtersScroll = new QScrollArea;
    filtersScroll->setWidget(m_filters);
    filtersScroll->setWidgetResizable(true);
    filtersLayout->addWidget(filtersScroll);
    auto* lower = new QHBoxLayout;
    lower->addWidget(mapsBox, 3);
    lower->addWidget(filtersBox, 2);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addLayout(upper);
    layout->addLayout(lower, 1);
    m_message->setText(tr("Train a model or load a checkpoint first."));
}

InsightPage::~InsightPage()
{
    if (m_worker != nullptr)
        m_worker->wait();
}

InsightPage::Reading InsightPage::read(const std::filesystem::path& checkpoint, const std::filesystem::path& dataFolder)
{
    Reading reading;
    try {
        const engine::Checkpoint saved = engine::Checkpoint::load(checkpoint);
        reading.predictor = engine::Predictor::fromCheckpoint(saved);
        std::error_code ec;
        if (!dataFolder.empty() && std::filesystem::exists(dataFolder, ec))
            reading.dataset = engine::Dataset::load(dataFolder, saved.info().experiment.data);
    } catch (const engine::Error& e) {
        reading.error = EngineText::error(e);
    }
    return reading;
}

bool InsightPage::setCheckpoint(const std::filesystem::path& checkpoint, const std::filesystem::path& dataFolder)
{
    ++m_generation; // a load still running is superseded
    return present(read(checkpoint, dataFolder));
}

void InsightPage::loadCheckpoint(const std::filesystem::path& checkpoint, const std::filesystem::path& dataFolder)
{
    const std::uint64_t generation = ++m_generation;
    if (m_worker != nullptr)
        m_worker->wait();
    QPointer<InsightPage> self(this);
    m_worker = startWorkerThread([self, checkpoint, dataFolder, generation] {
        // Shared, so that the queued call can be copied; the predictor is only moved out once.
        auto reading = std::make_shared<Reading>(read(checkpoint, dataFolder));
        if (self)
            QMetaObject::invokeMethod(
                self,
                [self, generation, reading] {
                    if (self && generation == self->m_generation)
                        Q_EMIT self->loaded(self->present(std::move(*reading)));
                },
                Qt::QueuedConnection);
    });
}

bool InsightPage::present(Reading reading)
{
    if (!reading.predictor) {
        fail(reading.error);
        return false;
    }
    m_predictor = std::move(reading.predictor);
    m_dataset = std::move(reading.dataset);
    const engine::ModelSpec& spec = m_predictor->spec();
    {
        const QSignalBlocker block(m_layer);
        m_layer->clear();
        for (std::size_t i = 0; i < spec.layers.size(); ++i)
            m_layer->addItem(
                tr("Layer %1: %2").arg(i).arg(EngineText::layerKind(spec.layers[i].kind)), static_cast<int>(i));
    }
    {
        const QSignalBlocker block(m_camClass);
        m_camClass->clear();
        m_camClass->addItem(tr("Predicted class"), -1);
        for (std::size_t i = 0; i < m_predictor->classNames().size(); ++i)
            m_camClass->addItem(QString::fromStdString(m_predictor->classNames()[i]), static_cast<int>(i));
    }
    {
        const QSignalBlocker block(m_testIndex);
        m_testIndex->setRange(
            0, m_dataset ? static_cast<int>(std::max<std::int64_t>(0, m_dataset->size(engine::Split::Test) - 1)) : 0);
        m_testIndex->setEnabled(m_dataset.has_value());
    }
    showFilters();
    m_message->clear();
    if (m_dataset)
        return showTestImage(m_testIndex->value());
    return true;
}

bool InsightPage::openImage(const QString& file)
{
    if (!m_predictor) {
        fail(tr("Train a model or load a checkpoint first."));
        return false;
    }
    try {
        m_image = m_predictor->loadImage(file.toStdString());
    } catch (const engine::Error& e) {
        fail(EngineText::error(e));
        return false;
    }
    m_message->setText(tr("Image: %1").arg(file));
    analyse();
    return true;
}

bool InsightPage::showTestImage(std::int64_t index)
{
    if (!m_predictor || !m_dataset || index < 0 || index >= m_dataset->size(engine::Split::Test))
        return false;
    if (!(m_dataset->info().shape == m_predictor->spec().input)) {
        fail(tr("The dataset's images do not fit this model."));
        return false;
    }
    m_image = m_dataset->image(engine::Split::Test, index);
    const auto label
        = static_cast<std::size_t>(m_dataset->labels(engine::Split::Test)[static_cast<std::size_t>(index)]);
    m_message->setText(
        tr("Test image %1, true class: %2")
            .arg(index)
            .arg(label < m_predictor->classNames().size() ? QString::fromStdString(m_predictor->classNames()[label])
                                                          : QString::number(label)));
    analyse();
    return true;
}

void InsightPage::analyse()
{
    const engine::ImageShape& s = m_predictor->spec().input;
    m_original->setPixmap(
        QPixmap::fromImage(planarToImage(m_image.data(), s)
                               .scaled(kImageSide, kImageSide, Qt::IgnoreAspectRatio, Qt::FastTransformation)));
    try {
        const std::vector<engine::ClassScore> scores = m_predictor->top(m_image.data(), 5);
        m_top->setRowCount(static_cast<int>(scores.size()));
        for (int row = 0; row < m_top->rowCount(); ++row) {
            const engine::ClassScore& score = scores[static_cast<std::size_t>(row)];
            m_top->setItem(row, 0, new QTableWidgetItem(QString::fromStdString(score.name)));
            auto* p = new QTableWidgetItem(QStringLiteral("%1 %").arg(100.0 * score.probability, 0, 'f', 2));
            p->setData(Qt::UserRole, score.probability);
            p->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_top->setItem(row, 1, p);
        }
    } catch (const engine::Error& e) {
        fail(EngineText::error(e));
        return;
    }
    showCam();
    showFeatureMaps();
    Q_EMIT updated();
}

void InsightPage::showCam()
{
    if (!m_predictor || m_image.empty())
        return;
    try {
        const engine::FloatImage cam = m_predictor->gradCam(m_image.data(), m_camClass->currentData().toInt());
        QImage base = planarToImage(m_image.data(), m_predictor->spec().input).convertToFormat(QImage::Format_RGB32);
        QImage overlay(cam.width, cam.height, QImage::Format_RGB32);
        for (int y = 0; y < cam.height; ++y)
            for (int x = 0; x < cam.width; ++x) {
                const QColor h = heat(cam.values[static_cast<std::size_t>(y * cam.width + x)]);
                const QColor b = base.pixelColor(x, y);
                // Half image, half heat: the object stays recognisable under the colours.
                overlay.setPixelColor(
                    x, y, QColor((b.red() + h.red()) / 2, (b.green() + h.green()) / 2, (b.blue() + h.blue()) / 2));
            }
        m_camImage = overlay;
        m_cam->setPixmap(QPixmap::fromImage(
            overlay.scaled(kImageSide, kImageSide, Qt::IgnoreAspectRatio, Qt::SmoothTransformation)));
    } catch (const engine::Error& e) {
        m_cam->setText(EngineText::error(e));
        m_camImage = {};
    }
}

void InsightPage::showFeatureMaps()
{
    if (!m_predictor || m_image.empty() || m_layer->currentIndex() < 0)
        return;
    try {
        const std::vector<engine::FloatImage> maps
            = m_predictor->featureMaps(m_image.data(), m_layer->currentData().toInt());
        std::vector<QImage> tiles;
        for (const engine::FloatImage& map : maps)
            tiles.push_back(grayTile(map));
        m_mapCount = static_cast<int>(tiles.size());
        const bool vector = maps.size() == 1 && maps.front().height == 1;
        m_maps->setPixmap(vector ? QPixmap::fromImage(tiles.front().scaled(std::min(600, maps.front().width * 8), 24))
                                 : mosaic(tiles, 56, 8));
    } catch (const engine::Error& e) {
        m_maps->setText(EngineText::error(e));
        m_mapCount = 0;
    }
}

void InsightPage::showFilters()
{
    const std::vector<engine::NamedArray> filters = m_predictor->firstConvFilters();
    std::vector<QImage> tiles;
    for (const engine::NamedArray& f : filters) {
        const auto channels = static_cast<int>(f.shape[0]);
        const auto k = static_cast<int>(f.shape[1]);
        const auto [lo, hi] = std::minmax_element(f.values.begin(), f.values.end());
        const float range = *hi - *lo > 0.0F ? *hi - *lo : 1.0F;
        QImage tile(k, k, QImage::Format_RGB888);
        for (int y = 0; y < k; ++y)
            for (int x = 0; x < k; ++x)
                for (int c = 0; c < 3; ++c) {
                    const float v = f.values[static_cast<std::size_t>((channels == 3 ? c : 0) * k * k + y * k + x)];
                    tile.scanLine(y)[x * 3 + c] = static_cast<uchar>(std::lround(255.0F * (v - *lo) / range));
                }
        tiles.push_back(tile);
    }
    m_filterCount = static_cast<int>(tiles.size());
    m_filters->setPixmap(mosaic(tiles, 40, 8));
}

void InsightPage::fail(const QString& text)
{
    m_message->setText(text);
}

void InsightPage::dragEnterEvent(QDragEnterEvent* event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void InsightPage::dropEvent(QDropEvent* event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (!urls.isEmpty() && urls.front().isLocalFile())
        openImage(urls.front().toLocalFile());
}

} // namespace cnnwb::ui
