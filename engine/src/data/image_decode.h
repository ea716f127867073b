#pragma once

#include "cnnwb/engine/data/data_options.h"
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

/// The shape an image would have for training, from its header where the format allows (JPEG,
/// PNG; the others are decoded): one channel when it is stored gray (with or without alpha), else
/// three. A header that reads does not prove the rest decodes. Throws like decodeImage().
[[nodiscard]] ImageShape probeImage(std::span<const std::uint8_t> bytes, const std::string& name);

/// The width and height an image has once decoded (EXIF orientation applied), read from its header
/// where the format allows (JPEG, PNG), else by decoding it. Throws like decodeImage().
[[nodiscard]] ImageSize probeImageSize(std::span<const std::uint8_t> bytes, const std::string& name);

/// `image` (8-bit, any channel count) brought to `size` by `policy` (data_options.h):
/// CenterCrop scales so that it covers the size (the longer side's length truncated, as
/// torchvision's Resize does) and cuts the centre (offsets rounded, as CenterCrop does); Letterbox
/// scales so that it fits and pads with black around it; Stretch scales each side. INTER_AREA
/// shrinks, INTER_LINEAR enlarges. An image already of that size is returned as it is.
[[nodiscard]] cv::Mat fitImage(const cv::Mat& image, ImageSize size, ResizePolicy policy);

/// Decodes an image into planar C x H x W bytes of `shape` at `out`, the way every image reaches a
/// model: converted to the shape's channels, brought to its size by `policy` (fitImage) when it
/// differs. Returns whether it had to be resized. Throws like decodeImage().
bool decodePlanar(std::span<const std::uint8_t> bytes, const std::string& name, const ImageShape& shape,
    ResizePolicy policy, std::uint8_t* out);

/// decodePlanar() of a file on disk; Error(Io) when it cannot be read.
bool decodePlanar(const std::filesystem::path& file, const ImageShape& shape, ResizePolicy policy, std::uint8_t* out);

/// Planar C x H x W bytes of an interleaved 8-bit image (gray, or BGR turned to RGB) at `out`.
void writePlanar(const cv::Mat& image, std::uint8_t* out);

} // namespace cnnwb::engine
