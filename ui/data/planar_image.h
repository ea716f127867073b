#pragma once

#include "cnnwb/engine/data/image_shape.h"

#include <QImage>

#include <cstdint>

namespace cnnwb::ui {

/// One image of the engine's planar uint8 C×H×W layout as an RGB QImage (grayscale repeated in
/// all three channels).
[[nodiscard]] QImage planarToImage(const std::uint8_t* planar, const engine::ImageShape& shape);

} // namespace cnnwb::ui
