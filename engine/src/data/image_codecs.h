#pragma once

// The decoders behind decodeImage(): each returns an empty Mat for an image it leaves to OpenCV.

#include "data/image_decode.h"

#include <optional>

namespace cnnwb::engine {

/// Refuses (Error, InvalidData) an image declaring more than kMaxImagePixels.
void refuseHugeImage(std::uint64_t width, std::uint64_t height, const std::string& name);

[[nodiscard]] bool isJpeg(std::span<const std::uint8_t> bytes);
[[nodiscard]] bool isPng(std::span<const std::uint8_t> bytes);

/// Empty for CMYK/YCCK JPEGs, which TurboJPEG does not turn into BGR. A JPEG whose data is damaged
/// but decodable (cut short, a bad Huffman code) decodes the way libjpeg does, as OpenCV's does.
[[nodiscard]] cv::Mat decodeJpeg(std::span<const std::uint8_t> bytes, const std::string& name, ImageColor color);
/// Whether a JPEG is stored gray, from its header.
[[nodiscard]] bool jpegIsGray(std::span<const std::uint8_t> bytes, const std::string& name);
/// A JPEG's width and height as stored (before its EXIF orientation), from its header.
[[nodiscard]] ImageSize jpegStoredSize(std::span<const std::uint8_t> bytes, const std::string& name);
/// The EXIF orientation (1..8) a JPEG declares; 1 when none.
[[nodiscard]] int exifOrientation(std::span<const std::uint8_t> bytes);

[[nodiscard]] cv::Mat decodePng(std::span<const std::uint8_t> bytes, const std::string& name, ImageColor color);

} // namespace cnnwb::engine
