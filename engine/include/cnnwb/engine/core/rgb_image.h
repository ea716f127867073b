#pragma once

#include <cstdint>
#include <vector>

namespace cnnwb::engine {

/// An 8-bit RGB picture, rows top to bottom, 3 bytes per pixel, no padding.
struct RgbImage {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> pixels;
};

} // namespace cnnwb::engine
