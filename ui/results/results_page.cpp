#include "ui/results/results_page.h"

#include "ui/common/worker_thread.h"
#include "ui/data/planar_image.h"

#include "ui/common/engine_text.h"
#include "ui/results/confusion_matrix_view.h"

#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/insight/class_metrics.h"
#include "cnnwb/engine/train/checkpoint.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFontMetrics>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QImage>
#include <QLabel>
#include <QListWidget>
#include <QPixmap>
#include <QPointer>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QThread>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace cnnwb::ui {
namespace {

constexpr int kGalleryLimit = 400; // enough to browse; the filters narrow it down

QPixmap thumbnail(const engine::Dataset& dataset, std::int64_t index)
{
    const engine::ImageShape& s = dataset.info().shape;
    const std::vector<std::uint8_t> planar = dataset.image(engine::Split::Test, index);
    const QImage image = planarToImage(planar.data(), s);
    return QPixmap::fromImage(image.scaled(s.width * 2, s.height * 2, Qt::IgnoreAspectRatio, Qt::FastTransformation));
}

} // namespace

ResultsPage::ResultsPage(QWidget* parent)
    : QWidget(parent)
    , m_epoch(new QSpinBox)
    , m_normalized(new QCheckBox(tr("Show shares of each true class")))
    , m_summary(new QLabel)
    , m_matrix(new ConfusionMatrixView)
    , m_classTable(new QTableWidget(0, 5))
    , m_trueFilter(new QComboBox)
    , m_predictedFilter(new QComboBox)
    , m_sort(new QComboBox)
    , m_galleryLabel(new QLabel)
    , m_gallery(new QListWidget)
{
    m_epoch->setObjectName(QStringLiteral("resultsEpoch"));
    m_epoch->setPrefix(tr("Epoch "));
    m_epoch->setRange(0, 0);
    m_epoch->setToolTip(tr("Or click a point of the loss or accuracy chart on the Training page"));
    auto* top = new QHBoxLayout;
    top->addWidget(m_epoch);
    top->addWidget(m_normalized);
    top->addWidget(m_summary, 1);

    m_classTable->setObjectName(QStringLiteral("perClassTable"));
    m_classTable->setHorizontalHeaderLabels({tr("Class"), tr("Precision"), tr("Recall"), tr("F1"), tr("Support")});
    m_classTable->verticalHeader()->setVisible(false);
    m_classTable->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_classTable->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_classTable->setEditTriggers(QAbstractItemView::NoEditTriggers);

    auto* matrixBox = new QGroupBox(tr("Confusion matrix (rows: true class)"));
    auto* matrixLayout = new QVBoxLayout(matrixBox);
    matrixLayout->addWidget(m_matrix);
    auto* tableBox = new QGroupBox(tr("Per class"));
    auto* tableLayout = new QVBoxLayout(tableBox);
    tableLayout->addWidget(m_classTable);
    auto* upper = new QSplitter(Qt::Horizontal);
    upper->addWidget(matrixBox);
    upper->addWidget(tableBox);
    upper->setStretchFactor(0, 3);
    upper->setStretchFactor(1, 2);

    m_trueFilter->setObjectName(QStringLiteral("trueFilter"));
    m_predictedFilter->setObjectName(QStringLiteral("predictedFilter"));
    m_sort->setObjectName(QStringLiteral("gallerySort"));
    m_sort->addItem(tr("Most confident first"));
    m_sort->addItem(tr("Least confident first"));
    auto* filters = new QHBoxLayout;
    filters->addWidget(new QLabel(tr("True class:")));
    filters->addWidget(m_trueFilter);
    filters->addWidget(new QLabel(tr("Predicted:")));
    filters->addWidget(m_predictedFilter);
    filters->addWidget(m_sort);
    filters->addWidget(m_galleryLabel, 1);
    m_gallery->setObjectName(QStringLiteral("mistakeGallery"));
    m_gallery->setViewMode(QListView::IconMode);
    // Room for the icon and two caption lines of about twenty characters in the window's font:
    // captions are elided to the grid by fillGallery, not wrapped into lines the grid cuts off.
    const QFontMetrics metrics(m_gallery->font());
    m_gallery->setIconSize(QSize(64, 64));
    m_gallery->setGridSize(
        QSize(std::max(112, metrics.averageCharWidth() * 22 + 12), 64 + 2 * metrics.lineSpacing() + 16));
    m_gallery->setResizeMode(QListView::Adjust);
    m_gallery->setMovement(QListView::Static);
    m_gallery->setWordWrap(false);
    m_gallery->setTextElideMode(Qt::ElideMiddle);
    auto* galleryBox = new QGroupBox(tr("Test images the last model gets wrong"));
    auto* galleryLayout = new QVBoxLayout(galleryBox);
    galleryLayout->addLayout(filters);
    galleryLayout->addWidget(m_gallery);

    auto* split = new QSplitter(Qt::Vertical);
    split->addWidget(upper);
    split->addWidget(galleryBox);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(split, 1);

    connect(m_epoch, &QSpinBox::valueChanged, this, [this](int epoch) {
        if (epoch != m_selected && epoch >= 1)
            selectEpoch(epoch);
    });
    connect(m_normalized, &QCheckBox::toggled, m_matrix, &ConfusionMatrixView::setNormalized);
    connect(m_matrix, &ConfusionMatrixView::cellClicked, this, [this](int trueLabel, int predicted) {
        const QSignalBlocker a(m_trueFilter);
        const QSignalBlocker b(m_predictedFilter);
        m_trueFilter->setCurrentIndex(trueLabel + 1);
        m_predictedFilter->setCurrentIndex(predicted + 1);
        fillGallery();
    });
    for (QComboBox* box : {m_trueFilter, m_predictedFilter, m_sort})
        connect(box, &QComboBox::currentIndexChanged, this, [this] { fillGallery(); });
    clear();
}

ResultsPage::~ResultsPage()
{
    if (m_worker != nullptr)
        m_worker->wait();
}

void ResultsPage::setClassNames(const QStringList& names)
{
    m_names = names;
    for (QComboBox* box : {m_trueFilter, m_predictedFilter}) {
        const QSignalBlocker block(box);
        box->clear();
        box->addItem(tr("any"));
        for (int i = 0; i < names.size(); ++i)
            box->addItem(QStringLiteral("%1 %2").arg(i).arg(names[i]));
    }
    showEpoch();
}

void ResultsPage::clear()
{
    m_epochs.clear();
    m_selected = 0;
    m_evaluation.reset();
    m_dataset.reset();
    ++m_generation;
    const QSignalBlocker block(m_epoch);
    m_epoch->setRange(0, 0);
    m_gallery->clear();
    m_galleryLabel->setText(tr("Train or load a checkpoint to see its mistakes."));
    showEpoch();
}

void ResultsPage::addEpoch(const engine::EpochMetrics& metrics)
{
    const bool followLatest = m_selected == 0 || m_selected == static_cast<int>(m_epochs.size());
    m_epochs.push_back(metrics);
    {
        const QSignalBlocker block(m_epoch);
        m_epoch->setRange(1, static_cast<int>(m_epochs.size()));
    }
    if (followLatest)
        selectEpoch(static_cast<int>(m_epochs.size()));
}

void ResultsPage::selectEpoch(int epoch)
{
    if (m_epochs.empty())
        return;
    if (epoch < 1 || epoch > static_cast<int>(m_epochs.size()))
        epoch = static_cast<int>(m_epochs.size());
    m_selected = epoch;
    {
        const QSignalBlocker block(m_epoch);
        m_epoch->setValue(epoch);
    }
    showEpoch();
    Q_EMIT epochSelected(epoch);
}

void ResultsPage::showEpoch()
{
    if (m_selected < 1 || m_selected > static_cast<int>(m_epochs.size())) {
        m_matrix->setMatrix({}, {});
        m_classTable->setRowCount(0);
        m_summary->setText(tr("No epoch finished yet."));
        return;
    }
    const engine::EpochMetrics& e = m_epochs[static_cast<std::size_t>(m_selected - 1)];
    const int classes = static_cast<int>(std::lround(std::sqrt(static_cast<double>(e.confusion.size()))));
    QStringList names = m_names;
    while (names.size() < classes)
        names << QString::number(names.size());
    names = names.mid(0, classes);
    m_matrix->setMatrix(e.confusion, names);
    std::vector<std::string> plain;
    for (const QString& name : names)
        plain.push_back(name.toStdString());
    const engine::ClassificationReport report
        = classes > 0 ? engine::classificationReport(e.confusion, classes, plain) : engine::ClassificationReport{};
    m_classTable->setRowCount(static_cast<int>(report.classes.size()));
    for (int row = 0; row < m_classTable->rowCount(); ++row) {
        const engine::ClassMetrics& m = report.classes[static_cast<std::size_t>(row)];
        m_classTable->setItem(row, 0, new QTableWidgetItem(QString::fromStdString(m.name)));
        const double values[] = {m.precision, m.recall, m.f1};
        for (int c = 0; c < 3; ++c) {
            auto* item = new QTableWidgetItem(QString::number(values[c], 'f', 3));
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_classTable->setItem(row, c + 1, item);
        }
        auto* support = new QTableWidgetItem(QString::number(m.support));
        support->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_classTable->setItem(row, 4, support);
    }
    m_summary->setText(tr("Epoch %1: test accuracy %2 %, macro F1 %3, test loss %4")
                           .arg(m_selected)
                           .arg(100.0 * e.testAccuracy, 0, 'f', 2)
                           .arg(report.macroF1, 0, 'f', 3)
                           .arg(e.testLoss, 0, 'f', 4));
}

void ResultsPage::loadGallery(const std::filesystem::path& checkpoint, const std::filesystem::path& dataFolder)
{
    const std::uint64_t generation = ++m_generation;
    m_galleryLabel->setText(tr("Evaluating the last model on the test images…"));
    if (m_worker != nullptr)
        m_worker->wait();
    QPointer<ResultsPage> self(this);
    m_worker = startWorkerThread([self, checkpoint, dataFolder, generation] {
        std::optional<engine::Predictor::Evaluation> evaluation;
        std::optional<engine::Dataset> dataset;
        QString error;
        try {
            // The images as the run saw them: its input size, colour and split.
            const engine::Checkpoint saved = engine::Checkpoint::load(checkpoint);
            dataset = engine::Dataset::load(dataFolder, saved.info().experiment.data);
            evaluation = engine::Predictor::fromCheckpoint(saved).evaluate(*dataset);
        } catch (const engine::Error& e) {
            error = EngineText::error(e);
        }
        if (self)
            QMetaObject::invokeMethod(
                self,
                [self, generation, evaluation = std::move(evaluation), dataset = std::move(dataset), error]() mutable {
                    if (self)
                        self->galleryLoaded(generation, std::move(evaluation), std::move(dataset), error);
                },
                Qt::QueuedConnection);
    });
}

void ResultsPage::galleryLoaded(std::uint64_t generation, std::optional<engine::Predictor::Evaluation> evaluation,
    std::optional<engine::Dataset> dataset, const QString& error)
{
    if (generation != m_generation)
        return;
    if (!evaluation) {
        m_galleryLabel->setText(tr("No gallery: %1").arg(error));
        Q_EMIT galleryReady(false);
        return;
    }
    m_evaluation = std::move(evaluation);
    m_dataset = std::move(dataset);
    fillGallery();
    Q_EMIT galleryReady(true);
}

QString ResultsPage::galleryCaption(const QString& trueName, const QString& predicted, double confidence) const
{
    // Two lines: the names, each elided to half the line when both do not fit, then the confidence.
    const QFontMetrics metrics(m_gallery->font());
    const int width = m_gallery->gridSize().width() - 8;
    const QString arrow = QStringLiteral(" → ");
    QString names = trueName + arrow + predicted;
    if (metrics.horizontalAdvance(names) > width) {
        const int half = (width - metrics.horizontalAdvance(arrow)) / 2;
        names = metrics.elidedText(trueName, Qt::ElideRight, half) + arrow
            + metrics.elidedText(predicted, Qt::ElideRight, half);
    }
    return names + QLatin1Char('\n') + tr("%1 % sure").arg(100.0 * confidence, 0, 'f', 0);
}

void ResultsPage::fillGallery()
{
    m_gallery->clear();
    if (!m_evaluation || !m_dataset)
        return;
    const int wantTrue = m_trueFilter->currentIndex() - 1; // -1: any
    const int wantPredicted = m_predictedFilter->currentIndex() - 1;
    std::vector<const engine::SamplePrediction*> shown;
    for (const engine::SamplePrediction& s : m_evaluation->samples) {
        const bool wrong = s.label != s.predicted;
        // A diagonal cell asks for the right answers of that class; otherwise only mistakes.
        const bool diagonal = wantTrue >= 0 && wantTrue == wantPredicted;
        if (!diagonal && !wrong)
            continue;
        if ((wantTrue >= 0 && s.label != wantTrue) || (wantPredicted >= 0 && s.predicted != wantPredicted))
            continue;
        shown.push_back(&s);
    }
    const bool mostFirst = m_sort->currentIndex() == 0;
    std::stable_sort(shown.begin(), shown.end(), [mostFirst](const auto* a, const auto* b) {
        return mostFirst ? a->confidence > b->confidence : a->confidence < b->confidence;
    });
    const auto name = [this](int label) { return m_names.value(label, QString::number(label)); };
    for (std::size_t i = 0; i < std::min<std::size_t>(shown.size(), kGalleryLimit); ++i) {
        const engine::SamplePrediction& s = *shown[i];
        auto* item = new QListWidgetItem(
            QIcon(thumbnail(*m_dataset, s.index)), galleryCaption(name(s.label), name(s.predicted), s.confidence));
        item->setToolTip(tr("True class %1, predicted %2 with %3 % confidence (test image %4)")
                             .arg(name(s.label), name(s.predicted))
                             .arg(100.0 * s.confidence, 0, 'f', 1)
                             .arg(s.index));
        item->setData(Qt::UserRole, QVariant::fromValue(static_cast<qlonglong>(s.index)));
        item->setData(Qt::UserRole + 1, s.confidence);
        item->setData(Qt::UserRole + 2, s.label);
        item->setData(Qt::UserRole + 3, s.predicted);
        m_gallery->addItem(item);
    }
    m_galleryLabel->setText(tr("%1 images, the last model's (epoch %2), of %3 test images")
                                .arg(shown.size())
                                .arg(m_epochs.size())
                                .arg(m_evaluation->samples.size()));
}

} // namespace cnnwb::ui
