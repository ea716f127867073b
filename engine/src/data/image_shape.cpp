#include "cnnwb/engine/data/image_shape.h"

namespace cnnwb::engine {

std::string ImageShape::toString() const
{
    return std::to_string(channels) + "x" + std::to_string(height) + "x" + std::to_string(width);
}

} // namespace cnnwb::engine
