#pragma once

#include <QColor>

namespace cnnwb::ui {

/// Viridis from 0 (dark violet: the worst trial) to 1 (yellow: the best), readable on white and by
/// colour-blind eyes; the Sweep page colours a trial by its best test accuracy with it everywhere.
[[nodiscard]] QColor viridis(double t);

} // namespace cnnwb::ui
