#pragma once

#include "cnnwb/engine/data/image_shape.h"

#include <opencv2/core/mat.hpp>

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>

namespace cnnwb::engine {

/// The largest image decoded: 100 megapixels (a phone's photo has 12 to 50).
inline constexpr std::uint64_t kMaxImagePixels = 100'000'000;

/// How decodeImage() returns the pixels.
enum class ImageColor { Gray, Bgr };

/// Decodes an encoded image (`bytes`, named `name` in errors) to 8-bit gray or BGR, EXIF
/// orientation applied, as cv::imread would. JPEG goes through TurboJPEG and PNG through libpng
/// with handlers that hand their complaints back as values (OpenCV's own use of them prints
/// "libpng error" and "Premature end of JPEG file" on the terminal); the other formats through
/// OpenCV with its logging off. Throws Error(InvalidData) naming the file when it cannot be
/// decoded or declares more than kMaxImagePixels (checked from the header, before decoding).
[[nodiscard]] cv::Mat decodeImage(std::span<const std::uint8_t> bytes, const std::string& name, ImageColor color);

/// The shape an image would have for training, from its header where the format allows: one
/// channel when it is stored gray (no colour, no alpha), else three. Throws like decodeImage().
[[nodiscard]] ImageShape probeImage(std::span<const std::uint8_t> bytes, const std::string& name);

/// Decodes an image into planar C x H x W bytes of `shape` at `out`, the way every image reaches a
/// model: converted to the shape's channels, resized (INTER_AREA) when its size differs. Returns
/// whether it had to be resized. Throws like decodeImage().
bool decodePlanar(
    std::span<const std::uint8_t> bytes, const std::string& name, const ImageShape& shape, std::uint8_t* out);

/// decodePlanar() of a file on disk; Error(Io) when it cannot be read.
bool decodePlanar(const std::filesystem::path& file, const ImageShape& shape, std::uint8_t* out);

} // namespace cnnwb::engine
