#pragma once

class QValueAxis;

namespace cnnwb::ui {

/// A step of 1, 2, 2.5 or 5 times a power of ten that cuts `span` into at most `maxSteps` parts.
[[nodiscard]] double niceStep(double span, int maxSteps);
/// Sets the axis to [lo, hi] widened to whole steps, with a tick on every step and labels with as
/// many decimals as the step needs: 0, 0.25, 0.5 rather than 0.0, 0.3, 0.5, 0.8.
void setNiceRange(QValueAxis* axis, double lo, double hi, int maxSteps = 5);

} // namespace cnnwb::ui
