#include "ui/sweep/trial_colors.h"

#include <algorithm>
#include <array>

namespace cnnwb::ui {

QColor viridis(double t)
{
    static const std::array<QColor, 5> kStops = {QColor(0x44, 0x01, 0x54), QColor(0x3b, 0x52, 0x8b),
        QColor(0x21, 0x91, 0x8c), QColor(0x5e, 0xc9, 0x62), QColor(0xfd, 0xe7, 0x25)};
    t = std::clamp(t, 0.0, 1.0) * (kStops.size() - 1);
    const auto i = std::min(static_cast<std::size_t>(t), kStops.size() - 2);
    const double f = t - static_cast<double>(i);
    const auto mix = [&](int a, int b) { return static_cast<int>(a + (b - a) * f); };
    return {mix(kStops[i].red(), kStops[i + 1].red()), mix(kStops[i].green(), kStops[i + 1].green()),
        mix(kStops[i].blue(), kStops[i + 1].blue())};
}

} // namespace cnnwb::ui
