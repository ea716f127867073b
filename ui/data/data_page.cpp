#include "ui/data/data_page.h"

#include "ui/app/experiment_document.h"

#include "ui/common/engine_text.h"
#include "ui/common/worker_thread.h"

#include "ui/data/augmentation_panel.h"
#include "ui/data/image_options_panel.h"

#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/core/logging.h"
#include "cnnwb/engine/core/paths.h"
#include "cnnwb/engine/data/download/dataset_download.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMimeData>
#include <QPainter>
#include <QPointer>
#include <QProgressDialog>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTableWidget>
#include <QThread>
#include <QTimer>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <memory>

namespace cnnwb::ui {
namespace {

QImage toQImage(const engine::RgbImage& image)
{
    // copy(): the engine's buffer goes away with `image`.
    return QImage(image.pixels.data(), image.width, image.height, image.width * 3, QImage::Format_RGB888).copy();
}

} // namespace

DataPage::DataPage(QWidget* parent)
    : QWidget(parent)
    , m_panel(new AugmentationPanel)
    , m_imageOptions(new ImageOptionsPanel)
    , m_renderTimer(new QTimer(this))
{
    m_options.captionText = false; // drawn here in the window's font: OpenCV's has ASCII only
    m_renderTimer->setSingleShot(true);
    m_renderTimer->setInterval(10); // coalesces a burst of edits into one render
    connect(m_renderTimer, &QTimer::timeout, this, &DataPage::renderPreview);

    auto* panelScroll = new QScrollArea;
    panelScroll->setWidget(m_panel);
    panelScroll->setWidgetResizable(true);
    panelScroll->setFrameShape(QFrame::NoFrame);
    panelScroll->setMinimumWidth(
        m_panel->sizeHint().width() + panelScroll->verticalScrollBar()->sizeHint().width() + 4);

    auto* splitter = new QSplitter(Qt::Horizontal);
    splitter->addWidget(createDatasetColumn());
    splitter->addWidget(createPreviewColumn());
    splitter->addWidget(panelScroll);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setStretchFactor(2, 0);
    splitter->setChildrenCollapsible(false);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(splitter);

    connect(m_panel, &AugmentationPanel::specChanged, this, [this](const engine::AugmentationSpec& spec) {
        schedulePreview();
        Q_EMIT augmentationChanged(spec);
    });
    connect(m_panel, &AugmentationPanel::computeNormalizationRequested, this, &DataPage::computeNormalization);
    setAcceptDrops(true); // a folder dropped from the file manager opens as the dataset
    setDatasetFolder({});
}

DataPage::~DataPage()
{
    // The loader writes nothing back once this page is gone, but it must not outlive the program's
    // static state: wait for it (a cached load takes well under a second).
    if (m_loader != nullptr)
        m_loader->wait();
}

QWidget* DataPage::createDatasetColumn()
{
    auto* column = new QWidget;
    auto* layout = new QVBoxLayout(column);
    layout->setContentsMargins(0, 0, 0, 0);

    auto* dataset = new QGroupBox(tr("Dataset"));
    auto* datasetLayout = new QVBoxLayout(dataset);
    m_folderLabel = new QLabel;
    m_folderLabel->setWordWrap(true);
    m_folderLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    datasetLayout->addWidget(m_folderLabel);
    m_info = new QLabel;
    m_info->setWordWrap(true);
    datasetLayout->addWidget(m_info);
    auto* open = new QPushButton(tr("Open Folder…"));
    open->setObjectName(QStringLiteral("openFolder"));
    connect(open, &QPushButton::clicked, this, &DataPage::openFolderRequested);
    datasetLayout->addWidget(open);
    auto* downloads = new QGroupBox(tr("Download"));
    auto* downloadLayout = new QVBoxLayout(downloads);
    for (const engine::DownloadSpec& spec : engine::downloadCatalog()) {
        auto* button = new QPushButton(tr("Download %1").arg(QString::fromStdString(spec.displayName)));
        const QString id = QString::fromStdString(spec.id);
        button->setObjectName(QStringLiteral("download-") + id);
        button->setToolTip(tr("Fetch it from its canonical address into %1, check it and unpack it")
                               .arg(QString::fromStdString(engine::defaultDataDir().string())));
        connect(button, &QPushButton::clicked, this, [this, id] { download(id); });
        downloadLayout->addWidget(button);
    }
    layout->addWidget(dataset);

    auto* images = new QGroupBox(tr("Images"));
    auto* imagesLayout = new QVBoxLayout(images);
    imagesLayout->addWidget(m_imageOptions);
    layout->addWidget(images);

    auto* classes = new QGroupBox(tr("Classes"));
    auto* classLayout = new QVBoxLayout(classes);
    m_classes = new QTableWidget(0, 3);
    m_classes->setObjectName(QStringLiteral("classTable"));
    m_classes->setHorizontalHeaderLabels({tr("Class"), tr("Train"), tr("Test")});
    m_classes->verticalHeader()->setVisible(false);
    m_classes->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_classes->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_classes->setSelectionMode(QAbstractItemView::NoSelection);
    m_classes->setMinimumHeight(140);
    classLayout->addWidget(m_classes);
    layout->addWidget(classes, 1);

    layout->addWidget(createValidationBox());
    layout->addWidget(downloads); // last: what a dataset's own images need comes first
    column->setMinimumWidth(260);
    // In a scroll area: on a laptop's 720 lines the boxes keep their height and the column scrolls,
    // instead of every control being squeezed until its text is cut.
    auto* scroll = new QScrollArea;
    scroll->setWidget(column);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setMinimumWidth(column->minimumWidth() + scroll->verticalScrollBar()->sizeHint().width());
    return scroll;
}

QWidget* DataPage::createValidationBox()
{
    auto* validation = new QGroupBox(tr("Validation"));
    auto* form = new QFormLayout(validation);
    m_validationChoice = new QComboBox;
    m_validationChoice->setObjectName(QStringLiteral("validationChoice"));
    m_validationChoice->addItem(tr("The dataset's test split"));
    m_validationChoice->addItem(tr("Part of train, held out"));
    m_validationPercent = new QDoubleSpinBox;
    m_validationPercent->setObjectName(QStringLiteral("validationPercent"));
    m_validationPercent->setRange(1, 50);
    m_validationPercent->setValue(10);
    m_validationPercent->setSuffix(tr(" %"));
    m_validationPercent->setDecimals(0);
    m_validationPercent->setToolTip(
        tr("Held out per class by a fixed seed: every run of this experiment validates on the same images"));
    form->addRow(tr("Evaluate on:"), m_validationChoice);
    form->addRow(tr("Held-out share:"), m_validationPercent);
    connect(m_validationChoice, &QComboBox::activated, this, [this] { updateValidation(); });
    connect(m_validationPercent, &QDoubleSpinBox::valueChanged, this, [this] { updateValidation(); });
    return validation;
}

QWidget* DataPage::createPreviewColumn()
{
    auto* column = new QWidget;
    auto* layout = new QVBoxLayout(column);
    layout->setContentsMargins(0, 0, 0, 0);

    auto* controls = new QHBoxLayout;
    m_grid = new QComboBox;
    m_grid->setObjectName(QStringLiteral("grid"));
    for (const auto& [columns, rows] : {std::pair{8, 4}, {6, 3}, {4, 4}, {10, 6}})
        m_grid->addItem(tr("%1 × %2").arg(columns).arg(rows), QPoint(columns, rows));
    m_reroll = new QPushButton(tr("Re-roll"));
    m_reroll->setObjectName(QStringLiteral("reroll"));
    m_reroll->setToolTip(tr("New randomness for the same images: the next epoch's augmentation"));
    m_newImages = new QPushButton(tr("Other Images"));
    m_newImages->setObjectName(QStringLiteral("otherImages"));
    m_sameImage = new QCheckBox(tr("Same image ×N"));
    m_sameImage->setObjectName(QStringLiteral("sameImage"));
    m_sameImage->setToolTip(tr("Every tile shows one image, each with the augmentation of another epoch"));
    m_original = new QCheckBox(tr("Original beside"));
    m_original->setObjectName(QStringLiteral("showOriginal"));
    controls->addWidget(new QLabel(tr("Grid:")));
    controls->addWidget(m_grid);
    controls->addWidget(m_reroll);
    controls->addWidget(m_newImages);
    controls->addWidget(m_sameImage);
    controls->addWidget(m_original);
    controls->addStretch(1);
    layout->addLayout(controls);

    m_message = new QLabel;
    m_message->setObjectName(QStringLiteral("dataMessage"));
    m_message->setWordWrap(true);
    m_message->setVisible(false);
    layout->addWidget(m_message);

    m_preview = new QLabel;
    m_preview->setObjectName(QStringLiteral("previewGrid"));
    m_preview->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_previewScroll = new QScrollArea;
    m_previewScroll->setWidget(m_preview);
    m_previewScroll->setWidgetResizable(true);
    layout->addWidget(m_previewScroll, 1);
    m_renderInfo = new QLabel;
    m_renderInfo->setObjectName(QStringLiteral("renderInfo"));
    layout->addWidget(m_renderInfo);

    connect(m_grid, &QComboBox::activated, this, [this] {
        m_gridChosen = true;
        const QPoint size = m_grid->currentData().toPoint();
        m_options.columns = size.x();
        m_options.rows = size.y();
        schedulePreview();
    });
    connect(m_reroll, &QPushButton::clicked, this, [this] {
        m_options.epoch += m_options.sameImage ? m_options.columns * m_options.rows : 1;
        schedulePreview();
    });
    connect(m_newImages, &QPushButton::clicked, this, [this] {
        ++m_options.pick;
        schedulePreview();
    });
    connect(m_sameImage, &QCheckBox::toggled, this, [this](bool on) {
        m_options.sameImage = on;
        schedulePreview();
    });
    connect(m_original, &QCheckBox::toggled, this, [this](bool on) {
        m_options.showOriginal = on;
        schedulePreview();
    });
    return column;
}

const engine::AugmentationSpec& DataPage::augmentation() const
{
    return m_panel->spec();
}

void DataPage::setConfig(const engine::TrainConfig& config)
{
    m_panel->setSpec(config.augmentation);
    m_options.seed = config.seed;
    m_validationFraction = config.validationFraction;
    {
        const QSignalBlocker blockChoice(m_validationChoice);
        const QSignalBlocker blockPercent(m_validationPercent);
        m_validationChoice->setCurrentIndex(m_validationFraction > 0.0 ? 1 : 0);
        if (m_validationFraction > 0.0)
            m_validationPercent->setValue(m_validationFraction * 100.0);
    }
    m_validationPercent->setEnabled(m_validationFraction > 0.0);
    schedulePreview();
}

void DataPage::observe(ExperimentDocument* document)
{
    setConfig(document->config());
    connect(document, &ExperimentDocument::configChanged, this, [this](const engine::TrainConfig& config) {
        if (!m_writingConfig)
            setConfig(config); // the seed decides the preview's randomness
    });
    connect(document, &ExperimentDocument::dataFolderChanged, this, [this, document] {
        // The inspection's sentences at once; the load's (with any files left out) when it ends.
        m_imageOptions->setOptions(document->dataOptions());
        m_imageOptions->setDataset(document->dataset());
        setDatasetFolder(document->dataFolder(), document->dataOptions());
    });
    connect(m_imageOptions, &ImageOptionsPanel::optionsChanged, document,
        [document](const engine::DataOptions& options) { document->setDataOptions(options); });
    connect(this, &DataPage::augmentationChanged, document, [this, document] { writeConfig(document); });
    connect(this, &DataPage::validationChanged, document, [this, document] { writeConfig(document); });
}

void DataPage::writeConfig(ExperimentDocument* document)
{
    engine::TrainConfig config = document->config();
    config.augmentation = m_panel->spec();
    config.validationFraction = m_validationFraction;
    m_writingConfig = true;
    document->setConfig(config);
    m_writingConfig = false;
}

void DataPage::updateValidation()
{
    const bool heldOut = m_validationChoice->currentIndex() == 1;
    m_validationPercent->setEnabled(heldOut);
    const double fraction = heldOut ? m_validationPercent->value() / 100.0 : 0.0;
    if (fraction == m_validationFraction)
        return;
    m_validationFraction = fraction;
    Q_EMIT validationChanged(fraction);
}

void DataPage::setDatasetFolder(const std::filesystem::path& folder, const engine::DataOptions& options)
{
    m_folder = folder;
    m_dataOptions = options;
    m_dataset.reset();
    m_classes->setRowCount(0);
    m_image = {};
    m_preview->clear();
    const std::uint64_t generation = ++m_generation;
    if (folder.empty()) {
        m_folderLabel->setText(tr("No dataset open."));
        m_info->setText(tr("Open a folder (CIFAR-10/100 binary, MNIST-style IDX files, or a folder of photos with "
                           "one sub-folder per class) or download one."));
        return;
    }
    m_folderLabel->setText(QString::fromStdString(folder.string()));
    m_info->setText(tr("Loading…"));
    if (m_loader != nullptr)
        m_loader->wait(); // one load at a time; a superseded result is dropped by its generation
    QPointer<DataPage> self(this);
    m_loader = startWorkerThread([self, folder, options, generation] {
        std::optional<engine::Dataset> dataset;
        QString error;
        try {
            dataset = engine::Dataset::load(folder, options);
        } catch (const engine::Error& e) {
            error = EngineText::error(e);
        } catch (const std::exception& e) {
            error = QString::fromStdString(e.what());
        }
        if (self)
            QMetaObject::invokeMethod(
                self,
                [self, generation, dataset = std::move(dataset), error]() mutable {
                    if (self)
                        self->loaded(generation, std::move(dataset), error);
                },
                Qt::QueuedConnection);
    });
}

void DataPage::loaded(std::uint64_t generation, std::optional<engine::Dataset> dataset, const QString& error)
{
    if (generation != m_generation)
        return;
    m_dataset = std::move(dataset);
    if (!m_dataset) {
        m_info->setText(tr("This folder cannot be used."));
        m_message->setText(error);
        m_message->setVisible(true);
        Q_EMIT datasetLoaded(false);
        return;
    }
    const engine::DatasetInfo& info = m_dataset->info();
    m_imageOptions->setDataset(info);
    chooseGrid();
    m_info->setText(tr("%1 (%2): %3 training and %4 test images of %5")
                        .arg(QString::fromStdString(info.name),
                            QString::fromStdString(std::string(engine::datasetFormatName(info.format))))
                        .arg(info.trainCount)
                        .arg(info.testCount)
                        .arg(QString::fromStdString(info.shape.toString())));
    showClasses();
    renderPreview();
    Q_EMIT datasetLoaded(true);
}

// Photos at 64 px or more get a 4 x 4 grid, whose tiles fill the preview at a size where a face
// or a leaf shows; small images (CIFAR, MNIST) 8 x 4. A grid the student picked stays.
void DataPage::chooseGrid()
{
    if (m_gridChosen)
        return;
    const engine::ImageShape& shape = m_dataset->info().shape;
    const QPoint grid = std::max(shape.width, shape.height) >= 64 ? QPoint(4, 4) : QPoint(8, 4);
    m_grid->setCurrentIndex(m_grid->findData(grid));
    m_options.columns = grid.x();
    m_options.rows = grid.y();
}

void DataPage::showClasses()
{
    const engine::DatasetInfo& info = m_dataset->info();
    std::vector<std::int64_t> train(info.classNames.size(), 0);
    std::vector<std::int64_t> test(info.classNames.size(), 0);
    for (const std::int64_t label : m_dataset->labels(engine::Split::Train))
        if (label >= 0 && static_cast<std::size_t>(label) < train.size())
            ++train[static_cast<std::size_t>(label)];
    for (const std::int64_t label : m_dataset->labels(engine::Split::Test))
        if (label >= 0 && static_cast<std::size_t>(label) < test.size())
            ++test[static_cast<std::size_t>(label)];
    m_classes->setRowCount(static_cast<int>(info.classNames.size()));
    for (int row = 0; row < m_classes->rowCount(); ++row) {
        const auto i = static_cast<std::size_t>(row);
        m_classes->setItem(row, 0, new QTableWidgetItem(QString::fromStdString(info.classNames[i])));
        for (const auto& [column, count] : {std::pair{1, train[i]}, {2, test[i]}}) {
            auto* item = new QTableWidgetItem(QString::number(count));
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_classes->setItem(row, column, item);
        }
    }
    m_classes->resizeColumnToContents(1);
    m_classes->resizeColumnToContents(2);
}

void DataPage::schedulePreview()
{
    if (m_dataset)
        m_renderTimer->start();
}

void DataPage::renderPreview()
{
    if (!m_dataset)
        return;
    const engine::AugmentationSpec& spec = m_panel->spec();
    try {
        engine::validate(spec);
    } catch (const engine::Error& e) {
        m_message->setText(tr("Cannot preview: %1").arg(QString::fromStdString(e.message())));
        m_message->setVisible(true);
        return;
    }
    m_message->setVisible(false);
    const double fit = fittingZoom();
    m_options.zoom = std::clamp(static_cast<int>(std::ceil(fit)), 1, 12);

    QElapsedTimer clock;
    clock.start();
    try {
        m_image = toQImage(engine::renderPreviewGrid(*m_dataset, spec, m_options));
    } catch (const engine::Error& e) {
        m_message->setText(EngineText::error(e));
        m_message->setVisible(true);
        return;
    }
    // Rendered at the next whole zoom and shown scaled down to the room there is: a whole zoom
    // alone left up to a third of the area empty, and the captions are drawn at the larger size.
    QPixmap pixmap = QPixmap::fromImage(m_image);
    const QSize room = m_previewScroll->viewport()->size() - QSize(8, 8);
    if (pixmap.width() > room.width() || pixmap.height() > room.height())
        pixmap = pixmap.scaled(room, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    drawCaptions(pixmap, static_cast<double>(pixmap.width()) / m_image.width());
    m_preview->setPixmap(pixmap);
    m_renderMs = static_cast<double>(clock.nsecsElapsed()) / 1e6;
    m_renderInfo->setText(tr("%1 · epoch %2 of seed %3 · rendered in %4 ms")
                              .arg(EngineText::augmentation(spec))
                              .arg(m_options.epoch + 1)
                              .arg(m_options.seed)
                              .arg(m_renderMs, 0, 'f', 1));
    Q_EMIT previewUpdated();
}

// The class names under the tiles, at the size they are shown, in the window's font: any script
// shows (a folder of "猫" and "狗"), and a name too long for its tile ends in "…".
void DataPage::drawCaptions(QPixmap& pixmap, double scale)
{
    m_captions.clear();
    if (!m_options.captions)
        return;
    const engine::PreviewLayout layout = engine::previewLayout(*m_dataset, m_options);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::TextAntialiasing);
    painter.setPen(QColor(50, 50, 50)); // on the grid's own light background, whatever the theme
    QFont font = this->font();
    const int lineHeight = static_cast<int>(engine::kPreviewCaption * scale);
    font.setPixelSize(std::clamp(lineHeight - 4, 8, std::max(8, QFontInfo(font).pixelSize())));
    painter.setFont(font);
    const QFontMetrics metrics(font);
    for (const engine::PreviewTile& tile : layout.tiles) {
        const QRect line(static_cast<int>(tile.x * scale), static_cast<int>((tile.y + tile.imageHeight) * scale),
            static_cast<int>(tile.width * scale), lineHeight);
        const QString caption = metrics.elidedText(QString::fromStdString(tile.caption), Qt::ElideRight, line.width());
        painter.drawText(line, Qt::AlignHCenter | Qt::AlignVCenter, caption);
        m_captions << caption;
    }
}

double DataPage::fittingZoom() const
{
    constexpr double kGap = engine::kPreviewGap;
    constexpr double kCaption = engine::kPreviewCaption;
    const engine::ImageShape& shape = m_dataset->info().shape;
    const QSize room = m_previewScroll->viewport()->size() - QSize(8, 8);
    const double perTile = shape.width * (m_options.showOriginal ? 2.0 : 1.0);
    const double tileGap = m_options.showOriginal ? kGap / 2 : 0.0;
    const double byWidth = ((room.width() - kGap) / m_options.columns - kGap - tileGap) / perTile;
    const double byHeight = ((room.height() - kGap) / m_options.rows - kGap - kCaption) / shape.height;
    return std::max(0.0, std::min(byWidth, byHeight));
}

namespace {

// The local folder a drag carries, or an empty string.
QString droppedFolder(const QMimeData* mime)
{
    if (mime == nullptr || mime->urls().size() != 1 || !mime->urls().front().isLocalFile())
        return {};
    const QString path = mime->urls().front().toLocalFile();
    return QFileInfo(path).isDir() ? path : QString();
}

} // namespace

void DataPage::dragEnterEvent(QDragEnterEvent* event)
{
    if (!droppedFolder(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void DataPage::dropEvent(QDropEvent* event)
{
    const QString folder = droppedFolder(event->mimeData());
    if (folder.isEmpty())
        return;
    event->acceptProposedAction();
    Q_EMIT folderDropped(folder);
}

void DataPage::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    schedulePreview();
}

void DataPage::computeNormalization()
{
    if (!m_dataset)
        return;
    const engine::ImageShape& shape = m_dataset->info().shape;
    std::span<const std::uint8_t> pixels = m_dataset->pixels(engine::Split::Train);
    std::vector<std::uint8_t> sample;
    if (m_dataset->info().streamed) {
        // Decoding every photo would take minutes: 2,000 spread over the set give the mean and
        // deviation to two or three digits.
        const std::int64_t count = m_dataset->size(engine::Split::Train);
        const std::int64_t taken = std::min<std::int64_t>(count, 2000);
        for (std::int64_t k = 0; k < taken; ++k) {
            const std::vector<std::uint8_t> image = m_dataset->image(engine::Split::Train, k * count / taken);
            sample.insert(sample.end(), image.begin(), image.end());
        }
        pixels = sample;
    }
    m_panel->setComputedNormalization(engine::computeNormalization(pixels, shape.channels, shape.height, shape.width));
}

void DataPage::download(const QString& id)
{
    const std::optional<engine::DownloadSpec> spec = engine::findDownload(id.toStdString());
    if (!spec)
        return;
    auto* dialog = new QProgressDialog(
        tr("Downloading %1…").arg(QString::fromStdString(spec->displayName)), tr("Cancel"), 0, 1000, this);
    dialog->setWindowModality(Qt::WindowModal);
    dialog->setMinimumDuration(0);
    dialog->setAutoClose(false);
    dialog->setAutoReset(false);
    auto cancelled = std::make_shared<std::atomic<bool>>(false);
    connect(dialog, &QProgressDialog::canceled, this, [cancelled] { *cancelled = true; });

    const std::filesystem::path target = engine::defaultDataDir();
    QPointer<DataPage> self(this);
    QPointer<QProgressDialog> progressDialog(dialog);
    QThread* worker = QThread::create([self, progressDialog, spec = *spec, target, cancelled] {
        QString folder;
        QString error;
        auto lastUpdate = std::chrono::steady_clock::now() - std::chrono::seconds(1);
        try {
            folder = QString::fromStdString(
                engine::downloadDataset(spec, target, [&](const engine::DownloadProgress& progress) {
                    const auto now = std::chrono::steady_clock::now();
                    if (now - lastUpdate > std::chrono::milliseconds(100) && progressDialog) {
                        lastUpdate = now;
                        const QString text
                            = tr("%1: %2 of %3 MB (%4 MB/s)")
                                  .arg(QString::fromStdString(progress.fileName))
                                  .arg(static_cast<double>(progress.received) / 1e6, 0, 'f', 1)
                                  .arg(progress.total > 0 ? static_cast<double>(progress.total) / 1e6 : 0.0, 0, 'f', 1)
                                  .arg(progress.bytesPerSecond / 1e6, 0, 'f', 1);
                        const int permille = progress.total > 0
                            ? static_cast<int>(1000 * progress.received / std::max<std::int64_t>(1, progress.total))
                            : 0;
                        QMetaObject::invokeMethod(
                            progressDialog,
                            [progressDialog, text, permille] {
                                if (progressDialog) {
                                    progressDialog->setLabelText(text);
                                    progressDialog->setValue(permille);
                                }
                            },
                            Qt::QueuedConnection);
                    }
                    return !*cancelled;
                }).string());
        } catch (const engine::Error& e) {
            error = EngineText::error(e);
        }
        if (self)
            QMetaObject::invokeMethod(
                self,
                [self, progressDialog, folder, error] {
                    if (progressDialog)
                        progressDialog->deleteLater();
                    if (!self)
                        return;
                    if (!error.isEmpty()) {
                        self->m_message->setText(tr("Download failed: %1").arg(error));
                        self->m_message->setVisible(true);
                        engine::logWarning(
                            {QT_TRANSLATE_NOOP("EngineText", "download failed: %1"), {error.toStdString()}});
                        return;
                    }
                    Q_EMIT self->datasetDownloaded(folder);
                },
                Qt::QueuedConnection);
    });
    connect(worker, &QThread::finished, worker, &QObject::deleteLater);
    worker->setParent(this);
    worker->start();
}

} // namespace cnnwb::ui
