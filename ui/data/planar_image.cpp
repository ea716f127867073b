#include "ui/data/planar_image.h"

namespace cnnwb::ui {

QImage planarToImage(const std::uint8_t* planar, const engine::ImageShape& s)
{
    QImage image(s.width, s.height, QImage::Format_RGB888);
    const std::int64_t plane = static_cast<std::int64_t>(s.width) * s.height;
    for (int y = 0; y < s.height; ++y) {
        uchar* line = image.scanLine(y);
        for (int x = 0; x < s.width; ++x)
            for (int c = 0; c < 3; ++c)
                line[x * 3 + c] = planar[(s.channels == 3 ? c : 0) * plane + std::int64_t{y} * s.width + x];
    }
    return image;
}

} // namespace cnnwb::ui
