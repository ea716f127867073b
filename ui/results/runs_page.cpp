#include "ui/results/runs_page.h"

#include "ui/common/engine_text.h"
#include "ui/common/nice_axis.h"

#include "cnnwb/engine/augment/augmentation.h"

#include <QChart>
#include <QChartView>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineSeries>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QValueAxis>

namespace cnnwb::ui {
namespace {

enum Column {
    RunColumn,
    DatasetColumn,
    ModelColumn,
    OptimizerColumn,
    RateColumn,
    BatchColumn,
    EpochsColumn,
    AugmentColumn,
    StatusColumn,
    BestColumn,
    ColumnCount
};

QString text(const std::string& s)
{
    return QString::fromStdString(s);
}

} // namespace

RunsPage::RunsPage(QWidget* parent)
    : QWidget(parent)
    , m_table(new QTableWidget(0, ColumnCount))
    , m_chart(new QChartView)
    , m_differences(new QTableWidget)
    , m_clone(new QPushButton(tr("Clone and Tweak…")))
    , m_hint(new QLabel)
{
    m_table->setObjectName(QStringLiteral("runTable"));
    m_table->setHorizontalHeaderLabels({tr("Run"), tr("Dataset"), tr("Model"), tr("Optimizer"), tr("Learning rate"),
        tr("Batch"), tr("Epochs"), tr("Augmentation"), tr("Status"), tr("Best accuracy")});
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    connect(m_table, &QTableWidget::itemChanged, this, [this](QTableWidgetItem* item) {
        if (item->column() == RunColumn)
            updateComparison();
    });
    m_clone->setObjectName(QStringLiteral("cloneRun"));
    m_clone->setToolTip(tr("Open the selected run's experiment as a new one: change one thing and train again"));
    connect(m_clone, &QPushButton::clicked, this, [this] {
        const int row = m_table->currentRow();
        if (row < 0 || row >= static_cast<int>(m_runs.size()))
            return;
        const engine::RunRecord& run = m_runs[static_cast<std::size_t>(row)];
        Q_EMIT cloneRequested(run.manifest.experiment, text(run.folder.filename().string()));
    });
    m_hint->setText(tr("Tick runs to overlay their test accuracy and see what differs between them."));

    auto* chart = new QChart;
    chart->setTitle(tr("Test accuracy of the ticked runs"));
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setAnimationOptions(QChart::NoAnimation);
    m_chart->setChart(chart);
    m_chart->setRenderHint(QPainter::Antialiasing);
    m_chart->setMinimumHeight(220);

    m_differences->setObjectName(QStringLiteral("runDifferences"));
    m_differences->verticalHeader()->setVisible(false);
    m_differences->setEditTriggers(QAbstractItemView::NoEditTriggers);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_hint, 1);
    buttons->addWidget(m_clone);
    auto* listBox = new QGroupBox(tr("Runs"));
    auto* listLayout = new QVBoxLayout(listBox);
    listLayout->addWidget(m_table);
    listLayout->addLayout(buttons);
    auto* differencesBox = new QGroupBox(tr("What differs"));
    auto* differencesLayout = new QVBoxLayout(differencesBox);
    differencesLayout->addWidget(m_differences);
    auto* lower = new QSplitter(Qt::Horizontal);
    lower->addWidget(m_chart);
    lower->addWidget(differencesBox);
    lower->setStretchFactor(0, 3);
    lower->setStretchFactor(1, 2);
    lower->setSizes({1100, 900}); // the chart's size hint alone left the differences a fifth
    auto* split = new QSplitter(Qt::Vertical);
    split->addWidget(listBox);
    split->addWidget(lower);
    // Two fifths of the height for the table (on a 720-line screen the chart's size hint left two
    // rows visible): stretch shares only the room above the hints, so the sizes are set outright,
    // as a ratio that applies when the splitter first lays out.
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    split->setSizes({800, 1200});
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(split);
}

void RunsPage::refresh(const std::filesystem::path& runsDir)
{
    m_dir = runsDir;
    m_runs = engine::listRuns(runsDir);
    const QSignalBlocker block(m_table);
    m_table->setRowCount(static_cast<int>(m_runs.size()));
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const engine::RunRecord& run = m_runs[static_cast<std::size_t>(row)];
        const engine::TrainConfig& t = run.manifest.experiment.training;
        auto* name = new QTableWidgetItem(text(run.folder.filename().string()));
        name->setFlags(name->flags() | Qt::ItemIsUserCheckable);
        name->setCheckState(Qt::Unchecked);
        name->setToolTip(text(run.folder.string()));
        m_table->setItem(row, RunColumn, name);
        auto* dataset = new QTableWidgetItem(text(run.manifest.dataset.name));
        dataset->setToolTip(
            tr("%1\nfingerprint %2")
                .arg(EngineText::dataset(run.manifest.dataset), text(run.manifest.dataset.fingerprint)));
        m_table->setItem(row, DatasetColumn, dataset);
        m_table->setItem(row, ModelColumn, new QTableWidgetItem(text(run.manifest.experiment.model.name)));
        m_table->setItem(row, OptimizerColumn, new QTableWidgetItem(EngineText::optimizer(t.optimizer)));
        m_table->setItem(row, RateColumn, new QTableWidgetItem(QString::number(t.learningRate, 'g', 4)));
        m_table->setItem(row, BatchColumn, new QTableWidgetItem(QString::number(t.batchSize)));
        m_table->setItem(row, EpochsColumn,
            new QTableWidgetItem(QStringLiteral("%1 / %2").arg(run.manifest.epochsDone).arg(t.epochs)));
        m_table->setItem(row, AugmentColumn, new QTableWidgetItem(EngineText::augmentation(t.augmentation)));
        m_table->setItem(row, StatusColumn, new QTableWidgetItem(EngineText::runStatus(run.manifest.status)));
        m_table->setItem(row, BestColumn,
            new QTableWidgetItem(run.manifest.bestEpoch > 0 ? tr("%1 % (epoch %2)")
                                                                  .arg(100.0 * run.manifest.bestTestAccuracy, 0, 'f', 2)
                                                                  .arg(run.manifest.bestEpoch)
                                                            : QStringLiteral("—")));
    }
    if (!m_runs.empty())
        m_table->setCurrentCell(0, RunColumn);
    updateComparison();
}

void RunsPage::tickNewest(int count)
{
    {
        const QSignalBlocker block(m_table);
        for (int row = 0; row < m_table->rowCount(); ++row)
            m_table->item(row, RunColumn)->setCheckState(row < count ? Qt::Checked : Qt::Unchecked);
    }
    updateComparison();
}

bool RunsPage::sameDataset(const std::vector<int>& rows) const
{
    // The fingerprint covers every label and pixel: the same folder edited between runs differs too.
    for (const int row : rows)
        if (m_runs[static_cast<std::size_t>(row)].manifest.dataset.fingerprint
            != m_runs[static_cast<std::size_t>(rows.front())].manifest.dataset.fingerprint)
            return false;
    return true;
}

std::vector<int> RunsPage::checkedRows() const
{
    std::vector<int> rows;
    for (int row = 0; row < m_table->rowCount(); ++row)
        if (m_table->item(row, RunColumn)->checkState() == Qt::Checked)
            rows.push_back(row);
    return rows;
}

QList<QList<QPointF>> RunsPage::overlaidSeries() const
{
    QList<QList<QPointF>> all;
    for (QAbstractSeries* series : m_chart->chart()->series())
        all << static_cast<QLineSeries*>(series)->points();
    return all;
}

QStringList RunsPage::overlaidNames() const
{
    QStringList names;
    for (QAbstractSeries* series : m_chart->chart()->series())
        names << series->name();
    return names;
}

void RunsPage::updateComparison()
{
    QChart* chart = m_chart->chart();
    chart->removeAllSeries();
    for (QAbstractAxis* axis : chart->axes())
        chart->removeAxis(axis);
    const std::vector<int> rows = checkedRows();
    auto* x = new QValueAxis;
    x->setTitleText(tr("epoch"));
    x->setLabelFormat(QStringLiteral("%d"));
    auto* y = new QValueAxis;
    y->setTitleText(tr("percent")); // the chart's title says what; a long axis title is cut on a laptop
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    double maxEpoch = 1.0;
    double low = 100.0;
    double high = 0.0;
    std::vector<engine::Experiment> experiments;
    QStringList names;
    for (const int row : rows) {
        const engine::RunRecord& run = m_runs[static_cast<std::size_t>(row)];
        auto* series = new QLineSeries;
        series->setName(text(run.folder.filename().string()));
        series->setPointsVisible(true);
        for (const engine::EpochMetrics& e : run.epochs) {
            series->append(e.epoch, 100.0 * e.testAccuracy);
            maxEpoch = std::max(maxEpoch, static_cast<double>(e.epoch));
            low = std::min(low, 100.0 * e.testAccuracy);
            high = std::max(high, 100.0 * e.testAccuracy);
        }
        chart->addSeries(series);
        series->attachAxis(x);
        series->attachAxis(y);
        experiments.push_back(run.manifest.experiment);
        names << series->name();
    }
    x->setRange(1.0, std::max(2.0, maxEpoch));
    x->setTickCount(std::min(11, static_cast<int>(std::max(2.0, maxEpoch))));
    if (high >= low)
        setNiceRange(y, std::max(0.0, low - 2.0), std::min(100.0, high + 2.0));
    else
        setNiceRange(y, 0.0, 100.0);

    const std::size_t differing = fillDifferences(rows, names, experiments);
    const bool sameData = sameDataset(rows);
    if (rows.size() < 2)
        m_hint->setText(tr("Tick runs to overlay their test accuracy and see what differs between them."));
    else if (!sameData)
        m_hint->setText(tr("%1 runs overlaid, trained on different datasets: their accuracies are not comparable.")
                            .arg(rows.size()));
    else
        m_hint->setText(tr("%1 runs overlaid; %2 settings differ.").arg(rows.size()).arg(differing));
}

// The "What differs" table: a "dataset" row first when the data differ (it decides whether the rest
// compares at all), then each setting that differs. Returns the number of settings.
std::size_t RunsPage::fillDifferences(
    const std::vector<int>& rows, const QStringList& names, const std::vector<engine::Experiment>& experiments)
{
    m_differences->clear();
    m_differences->setColumnCount(1 + static_cast<int>(names.size()));
    m_differences->setHorizontalHeaderLabels(QStringList{tr("Setting")} + names);
    m_differences->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    const std::vector<engine::SettingDifference> differences = experiments.size() >= 2
        ? engine::experimentDifferences(experiments)
        : std::vector<engine::SettingDifference>{};
    const bool sameData = sameDataset(rows);
    m_differences->setRowCount(static_cast<int>(differences.size()) + (sameData ? 0 : 1));
    if (!sameData) {
        m_differences->setItem(0, 0, new QTableWidgetItem(tr("dataset")));
        for (std::size_t i = 0; i < rows.size(); ++i)
            m_differences->setItem(0, static_cast<int>(i) + 1,
                new QTableWidgetItem(EngineText::dataset(m_runs[static_cast<std::size_t>(rows[i])].manifest.dataset)));
    }
    for (std::size_t d = 0; d < differences.size(); ++d) {
        const int row = static_cast<int>(d) + (sameData ? 0 : 1);
        m_differences->setItem(row, 0, new QTableWidgetItem(text(differences[d].key)));
        for (std::size_t i = 0; i < differences[d].values.size(); ++i)
            m_differences->setItem(row, static_cast<int>(i) + 1, new QTableWidgetItem(text(differences[d].values[i])));
    }
    return differences.size();
}

} // namespace cnnwb::ui
