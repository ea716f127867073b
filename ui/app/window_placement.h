#pragma once

#include <QRect>

namespace cnnwb::ui {

/// Where the main window opens on a screen whose free area is `available`: four fifths of a large
/// screen (at most 1500 x 950), centred; all of a small one (a laptop, 1280 x 720 over X11
/// forwarding), where anything less would waste rows the pages need. Never larger than
/// `available`, never outside it: without a window manager (Xvfb, some forwarded displays)
/// nobody else places the window.
[[nodiscard]] QRect windowPlacement(const QRect& available);

} // namespace cnnwb::ui
