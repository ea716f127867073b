#include "ui/app/window_placement.h"

#include <QtGlobal>

namespace cnnwb::ui {

QRect windowPlacement(const QRect& available)
{
    constexpr int kLargeWidth = 1500;
    constexpr int kLargeHeight = 950;
    if (available.width() * 4 / 5 < 1200 || available.height() * 4 / 5 < 760)
        return available;
    const QSize size(qMin(available.width() * 4 / 5, kLargeWidth), qMin(available.height() * 4 / 5, kLargeHeight));
    QRect placed(QPoint(0, 0), size);
    placed.moveCenter(available.center());
    return placed;
}

} // namespace cnnwb::ui
