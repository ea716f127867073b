#include "ui/health/health_history.h"

#include <algorithm>
#include <cmath>

namespace cnnwb::ui {

double statValue(const engine::LayerStats& stats, HealthStat stat) noexcept
{
    switch (stat) {
    case HealthStat::UpdateRatio:
        return stats.updateRatio;
    case HealthStat::GradientNorm:
        return stats.gradientNorm;
    case HealthStat::WeightNorm:
        return stats.weightNorm;
    case HealthStat::BatchSpread:
        return stats.batchSpread;
    case HealthStat::DeadFraction:
        // One column for "units that do nothing": dead ReLUs, or saturated Sigmoid / Tanh units.
        return std::isnan(stats.deadFraction) ? stats.saturatedFraction : stats.deadFraction;
    }
    return std::nan("");
}

void HealthHistory::clear()
{
    m_samples.clear();
    m_epochs.clear();
    m_current.clear();
}

void HealthHistory::setRecord(engine::HealthRecord record)
{
    m_samples = std::move(record.samples);
    m_epochs = std::move(record.epochs);
    m_current.clear();
}

void HealthHistory::addSample(const engine::HealthSample& sample)
{
    m_samples.push_back(sample);
    m_current.insert(m_current.end(), sample.fired.begin(), sample.fired.end());
}

void HealthHistory::addEpoch(const engine::EpochHealth& epoch)
{
    const auto same = std::find_if(
        m_epochs.begin(), m_epochs.end(), [&](const engine::EpochHealth& e) { return e.epoch == epoch.epoch; });
    if (same != m_epochs.end())
        *same = epoch;
    else
        m_epochs.push_back(epoch);
    // The epoch's record lists every diagnosis of the epoch, those fired by samples included.
    std::erase_if(m_current, [&](const engine::Diagnosis& d) { return d.epoch <= epoch.epoch; });
}

std::vector<HealthHistory::Layer> HealthHistory::layers() const
{
    std::vector<Layer> out;
    if (!m_samples.empty()) {
        for (const engine::LayerStats& s : m_samples.back().layers)
            out.push_back({s.layer, s.kind});
    } else if (!m_epochs.empty()) {
        for (const engine::LayerHistograms& h : m_epochs.back().layers)
            out.push_back({h.layer, h.kind});
    }
    return out;
}

QList<QPointF> HealthHistory::series(int layer, HealthStat stat) const
{
    QList<QPointF> points;
    for (const engine::HealthSample& sample : m_samples)
        for (const engine::LayerStats& s : sample.layers)
            if (s.layer == layer) {
                const double v = statValue(s, stat);
                if (std::isfinite(v))
                    points.append(QPointF(static_cast<double>(sample.step), v));
                break;
            }
    // A trend line a few hundred pixels wide: every k-th point (the newest always) draws the same.
    constexpr qsizetype kMaxPoints = 400;
    if (points.size() <= kMaxPoints)
        return points;
    QList<QPointF> thinned;
    const double stride = static_cast<double>(points.size()) / kMaxPoints;
    for (qsizetype i = 0; i < kMaxPoints - 1; ++i)
        thinned.append(points[static_cast<qsizetype>(static_cast<double>(i) * stride)]);
    thinned.append(points.back());
    return thinned;
}

std::vector<engine::Diagnosis> HealthHistory::diagnoses() const
{
    std::vector<engine::Diagnosis> all;
    for (const engine::EpochHealth& e : m_epochs)
        all.insert(all.end(), e.diagnoses.begin(), e.diagnoses.end());
    all.insert(all.end(), m_current.begin(), m_current.end());
    return all;
}

const engine::EpochHealth* HealthHistory::epoch(int number) const
{
    const auto it = std::find_if(
        m_epochs.begin(), m_epochs.end(), [&](const engine::EpochHealth& e) { return e.epoch == number; });
    return it == m_epochs.end() ? nullptr : &*it;
}

std::vector<std::pair<int, engine::Histogram>> HealthHistory::histograms(int layer, int what) const
{
    std::vector<std::pair<int, engine::Histogram>> out;
    for (const engine::EpochHealth& e : m_epochs)
        for (const engine::LayerHistograms& h : e.layers)
            if (h.layer == layer) {
                const engine::Histogram& chosen = what == 0 ? h.weights : what == 1 ? h.gradients : h.activations;
                if (chosen.count > 0)
                    out.emplace_back(e.epoch, chosen);
                break;
            }
    return out;
}

} // namespace cnnwb::ui
