#include "ui/common/nice_axis.h"

#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace cnnwb::ui {

double niceStep(double span, int maxSteps)
{
    const double raw = span / maxSteps;
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    for (const double m : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (m * power >= raw * (1 - 1e-9))
            return m * power;
    return 10 * power;
}

void setNiceRange(QValueAxis* axis, double lo, double hi, int maxSteps)
{
    if (!std::isfinite(lo) || !std::isfinite(hi))
        return; // a diverging run's loss: keep the axis as it was
    if (!(hi > lo))
        hi = lo + 1.0;
    const double step = niceStep(hi - lo, maxSteps);
    lo = std::floor(lo / step + 1e-9) * step;
    hi = std::ceil(hi / step - 1e-9) * step;
    // Each setter redraws the axis even when nothing changes (setLabelFormat does not compare): a
    // chart refitted at every redraw would repaint its labels every time, over a network display too.
    // The axis lays out its ticks at each setter: a range grown a million-fold (a loss blowing up)
    // under the old interval would ask it for a million ticks, so a larger interval comes first.
    const bool coarser = axis->tickInterval() < step;
    if (coarser)
        axis->setTickInterval(step);
    if (axis->min() != lo || axis->max() != hi)
        axis->setRange(lo, hi);
    if (axis->tickType() != QValueAxis::TicksDynamic)
        axis->setTickType(QValueAxis::TicksDynamic);
    if (axis->tickAnchor() != 0.0)
        axis->setTickAnchor(0.0);
    if (axis->tickInterval() != step)
        axis->setTickInterval(step);
    const double fraction = step / std::pow(10.0, std::floor(std::log10(step)));
    const int decimals = std::max(0, static_cast<int>(-std::floor(std::log10(step) + 1e-9)))
        + (std::abs(fraction - 2.5) < 1e-6 ? 1 : 0);
    const QString format = QStringLiteral("%.%1f").arg(decimals);
    if (axis->labelFormat() != format)
        axis->setLabelFormat(format);
}

} // namespace cnnwb::ui
