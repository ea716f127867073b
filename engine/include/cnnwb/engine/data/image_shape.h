#pragma once

#include <cstdint>
#include <string>

namespace cnnwb::engine {

/// Channels x height x width of one image (what a network's input layer sees).
struct ImageShape {
    int channels = 0;
    int height = 0;
    int width = 0;

    [[nodiscard]] std::int64_t elementCount() const noexcept
    {
        return static_cast<std::int64_t>(channels) * height * width;
    }
    /// "3x32x32"
    [[nodiscard]] std::string toString() const;

    friend bool operator==(const ImageShape&, const ImageShape&) = default;
};

} // namespace cnnwb::engine
