#include "ui/training/lr_finder_dialog.h"

#include "ui/common/engine_text.h"
#include "ui/common/worker_thread.h"

#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/data/dataset.h"

#include <QChart>
#include <QChartView>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QPointer>
#include <QPushButton>
#include <QScatterSeries>
#include <QThread>
#include <QVBoxLayout>
#include <QValueAxis>

#include <cmath>

namespace cnnwb::ui {

LrFinderDialog::LrFinderDialog(
    Data dataset, engine::ModelSpec spec, engine::TrainConfig config, engine::LrFinderOptions options, QWidget* parent)
    : QDialog(parent)
    , m_data(std::move(dataset))
    , m_spec(std::move(spec))
    , m_config(std::move(config))
    , m_options(options)
    , m_cancel(std::make_shared<std::atomic<bool>>(false))
    , m_view(new QChartView)
    , m_loss(new QLineSeries)
    , m_suggestion(new QScatterSeries)
    , m_status(new QLabel)
    , m_use(new QPushButton(tr("Use This Rate")))
{
    setWindowTitle(tr("Find Learning Rate"));
    auto* chart = new QChart;
    chart->setTitle(tr("Loss while the learning rate grows"));
    chart->setAnimationOptions(QChart::NoAnimation);
    m_loss->setName(tr("loss (smoothed)"));
    m_suggestion->setName(tr("suggested rate"));
    m_suggestion->setMarkerSize(12.0);
    m_suggestion->setColor(QColor(200, 30, 30));
    chart->addSeries(m_loss);
    chart->addSeries(m_suggestion);
    auto* x = new QLogValueAxis;
    x->setTitleText(tr("learning rate"));
    x->setLabelFormat(QStringLiteral("%.0e"));
    x->setRange(m_options.startRate, m_options.endRate);
    auto* y = new QValueAxis;
    y->setTitleText(tr("loss"));
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    for (QAbstractSeries* series :
        {static_cast<QAbstractSeries*>(m_loss), static_cast<QAbstractSeries*>(m_suggestion)}) {
        series->attachAxis(x);
        series->attachAxis(y);
    }
    m_view->setChart(chart);
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setMinimumSize(640, 380);
    m_status->setWordWrap(true);
    m_use->setObjectName(QStringLiteral("useRate"));
    m_use->setEnabled(false);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    buttons->addButton(m_use, QDialogButtonBox::AcceptRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_use, &QPushButton::clicked, this, [this] {
        Q_EMIT rateChosen(m_result.suggestedRate);
        accept();
    });
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_view);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
}

LrFinderDialog::~LrFinderDialog()
{
    *m_cancel = true;
    if (m_worker != nullptr)
        m_worker->wait();
}

int LrFinderDialog::pointsShown() const
{
    return static_cast<int>(m_loss->count());
}

void LrFinderDialog::start()
{
    m_status->setText(tr("Training from fresh weights while the rate grows from %1 to %2…")
                          .arg(m_options.startRate, 0, 'g', 2)
                          .arg(m_options.endRate, 0, 'g', 2));
    QPointer<LrFinderDialog> self(this);
    m_worker = startWorkerThread(
        [self, data = m_data, spec = m_spec, config = m_config, options = m_options, cancel = m_cancel] {
            std::optional<engine::LrFinderResult> result;
            QString error;
            try {
                const engine::Dataset dataset = engine::Dataset::load(data.folder, data.options);
                result = engine::findLearningRate(dataset, spec, config, options, [&](const engine::LrFinderPoint& p) {
                    if (self)
                        QMetaObject::invokeMethod(
                            self,
                            [self, p] {
                                if (self)
                                    self->addPoint(p);
                            },
                            Qt::QueuedConnection);
                    return !*cancel;
                });
            } catch (const engine::Error& e) {
                error = EngineText::error(e);
            }
            if (self)
                QMetaObject::invokeMethod(
                    self,
                    [self, result, error] {
                        if (self)
                            self->done(result, error);
                    },
                    Qt::QueuedConnection);
        });
}

void LrFinderDialog::addPoint(const engine::LrFinderPoint& point)
{
    if (!std::isfinite(point.smoothedLoss))
        return;
    m_loss->append(point.learningRate, point.smoothedLoss);
    auto* y = static_cast<QValueAxis*>(m_view->chart()->axes(Qt::Vertical).front());
    double low = point.smoothedLoss;
    double high = point.smoothedLoss;
    for (const QPointF& p : m_loss->points()) {
        low = std::min(low, p.y());
        high = std::max(high, p.y());
    }
    // The blow-up at the end would flatten the interesting part: cap the axis at 1.5x the start.
    const double cap = m_loss->points().front().y() * 1.5;
    y->setRange(std::max(0.0, low * 0.95), std::min(high, cap) * 1.02 + 1e-9);
}

void LrFinderDialog::done(std::optional<engine::LrFinderResult> result, const QString& error)
{
    if (!result) {
        m_status->setText(tr("The sweep failed: %1").arg(error));
        Q_EMIT finished(false);
        return;
    }
    m_result = std::move(*result);
    double at = m_result.points.empty() ? 0.0 : m_result.points.front().smoothedLoss;
    for (const engine::LrFinderPoint& p : m_result.points)
        if (p.learningRate <= m_result.suggestedRate)
            at = p.smoothedLoss;
    m_suggestion->replace({QPointF(m_result.suggestedRate, at)});
    m_status->setText(tr("Suggested learning rate: %1 (%2; the loss was lowest at %3).%4")
                          .arg(m_result.suggestedRate, 0, 'g', 2)
                          .arg(m_result.method == "steepest descent" ? tr("where the loss falls fastest")
                                                                     : tr("a tenth of the lowest-loss rate"))
                          .arg(m_result.minimumLossRate, 0, 'g', 2)
                          .arg(m_result.diverged ? tr(" The sweep stopped where the loss blew up.") : QString()));
    m_use->setEnabled(m_result.suggestedRate > 0.0);
    Q_EMIT finished(true);
}

} // namespace cnnwb::ui
