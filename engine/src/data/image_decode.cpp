#include "data/image_decode.h"

#include "cnnwb/engine/core/error.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <fstream>
#include <optional>
#include <vector>

namespace cnnwb::engine {
namespace {

struct Dimensions {
    std::uint64_t width = 0;
    std::uint64_t height = 0;
};

std::uint32_t be16(const std::vector<unsigned char>& b, std::size_t at)
{
    return static_cast<std::uint32_t>(b[at]) << 8 | b[at + 1];
}

std::uint32_t be32(const std::vector<unsigned char>& b, std::size_t at)
{
    return be16(b, at) << 16 | be16(b, at + 2);
}

std::uint32_t le16(const std::vector<unsigned char>& b, std::size_t at)
{
    return static_cast<std::uint32_t>(b[at + 1]) << 8 | b[at];
}

std::optional<Dimensions> jpegDimensions(const std::vector<unsigned char>& b)
{
    // Segments after SOI until a start-of-frame marker (C0..CF but C4 DHT, C8 JPG, CC DAC).
    for (std::size_t at = 2; at + 9 < b.size();) {
        if (b[at] != 0xFF)
            return std::nullopt;
        const unsigned char marker = b[at + 1];
        if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC)
            return Dimensions{be16(b, at + 7), be16(b, at + 5)};
        at += 2 + be16(b, at + 2);
    }
    return std::nullopt;
}

// The size an image file declares, read from its header without decoding it (PNG, JPEG, GIF, BMP,
// WebP); nothing for other or unreadable files, which the decoder then judges.
std::optional<Dimensions> declaredDimensions(const std::filesystem::path& file)
{
    std::ifstream in(file, std::ios::binary);
    std::vector<unsigned char> b(std::size_t{256} << 10); // JPEG's EXIF segments come before its frame
    in.read(reinterpret_cast<char*>(b.data()), static_cast<std::streamsize>(b.size()));
    b.resize(static_cast<std::size_t>(in.gcount()));
    if (b.size() >= 24 && b[0] == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G')
        return Dimensions{be32(b, 16), be32(b, 20)};
    if (b.size() >= 4 && b[0] == 0xFF && b[1] == 0xD8)
        return jpegDimensions(b);
    if (b.size() >= 10 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F')
        return Dimensions{le16(b, 6), le16(b, 8)};
    if (b.size() >= 26 && b[0] == 'B' && b[1] == 'M') {
        const auto height = static_cast<std::int32_t>(le16(b, 22) | le16(b, 24) << 16);
        return Dimensions{
            le16(b, 18) | le16(b, 20) << 16, static_cast<std::uint64_t>(height < 0 ? -std::int64_t{height} : height)};
    }
    if (b.size() >= 30 && std::equal(b.begin(), b.begin() + 4, "RIFF")
        && std::equal(b.begin() + 8, b.begin() + 12, "WEBP") && std::equal(b.begin() + 12, b.begin() + 16, "VP8X"))
        return Dimensions{1 + (b[24] | b[25] << 8 | static_cast<std::uint64_t>(b[26]) << 16),
            1 + (b[27] | b[28] << 8 | static_cast<std::uint64_t>(b[29]) << 16)};
    return std::nullopt;
}

// A decompression bomb (a 1 MB PNG of 20,000 x 20,000 pixels decodes to 1.2 GB) is refused from its
// header, before the decoder allocates for it.
void refuseHugeImage(const std::filesystem::path& file)
{
    const std::optional<Dimensions> d = declaredDimensions(file);
    if (!d || d->width * d->height <= kMaxImagePixels)
        return;
    throw Error(ErrorCode::InvalidData,
        "the image is " + std::to_string(d->width) + "x" + std::to_string(d->height) + " pixels; images over "
            + std::to_string(kMaxImagePixels / 1000000) + " megapixels are refused before decoding",
        {file.string()});
}

} // namespace

cv::Mat decodeImage(const std::filesystem::path& file, int flags)
{
    refuseHugeImage(file);
    cv::Mat image;
    try {
        image = cv::imread(file.string(), flags);
    } catch (const cv::Exception& e) {
        throw Error(ErrorCode::InvalidData, std::string("cannot decode image: ") + e.what(), {file.string()});
    }
    if (image.empty())
        throw Error(
            ErrorCode::InvalidData, "cannot decode image (unreadable, or not a valid image file)", {file.string()});
    return image;
}

bool decodePlanar(const std::filesystem::path& file, const ImageShape& shape, std::uint8_t* out)
{
    cv::Mat image = decodeImage(file, shape.channels == 1 ? cv::IMREAD_GRAYSCALE : cv::IMREAD_COLOR);
    const bool resized = image.rows != shape.height || image.cols != shape.width;
    if (resized)
        cv::resize(image, image, cv::Size(shape.width, shape.height), 0, 0, cv::INTER_AREA);
    if (shape.channels == 3)
        cv::cvtColor(image, image, cv::COLOR_BGR2RGB);
    std::vector<cv::Mat> planes;
    for (int c = 0; c < shape.channels; ++c)
        planes.emplace_back(
            shape.height, shape.width, CV_8UC1, out + static_cast<std::size_t>(c) * shape.height * shape.width);
    cv::split(image, planes); // writes straight into the planar buffer
    return resized;
}

} // namespace cnnwb::engine
