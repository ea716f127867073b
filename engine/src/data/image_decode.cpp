#include "data/image_decode.h"

#include "data/file_source.h"
#include "data/image_codecs.h"

#include "cnnwb/engine/core/error.h"

#include <opencv2/core/utils/logger.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <limits>
#include <mutex>
#include <optional>
#include <vector>

namespace cnnwb::engine {
namespace {

struct Dimensions {
    std::uint64_t width = 0;
    std::uint64_t height = 0;
};

std::uint32_t le16(std::span<const std::uint8_t> b, std::size_t at)
{
    return static_cast<std::uint32_t>(b[at + 1]) << 8 | b[at];
}

// The size a GIF, BMP or WebP declares, read from its header without decoding it (JPEG and PNG
// have their own decoders, which check theirs); nothing for other or unreadable files.
std::optional<Dimensions> declaredDimensions(std::span<const std::uint8_t> b)
{
    if (b.size() >= 10 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F')
        return Dimensions{le16(b, 6), le16(b, 8)};
    if (b.size() >= 26 && b[0] == 'B' && b[1] == 'M') {
        const auto height = static_cast<std::int32_t>(le16(b, 22) | le16(b, 24) << 16);
        return Dimensions{
            le16(b, 18) | le16(b, 20) << 16, static_cast<std::uint64_t>(height < 0 ? -std::int64_t{height} : height)};
    }
    const auto text = [&](std::size_t at, const char* word) { return std::equal(word, word + 4, b.begin() + at); };
    if (b.size() >= 30 && text(0, "RIFF") && text(8, "WEBP") && text(12, "VP8X"))
        return Dimensions{1 + (b[24] | b[25] << 8 | static_cast<std::uint64_t>(b[26]) << 16),
            1 + (b[27] | b[28] << 8 | static_cast<std::uint64_t>(b[29]) << 16)};
    return std::nullopt;
}

// OpenCV reports a failed decode as an empty Mat; its log lines would only repeat that on the
// terminal, around the one error the engine gives.
void quietOpenCv()
{
    static std::once_flag once;
    std::call_once(once, [] { cv::utils::logging::setLogLevel(cv::utils::logging::LOG_LEVEL_SILENT); });
}

cv::Mat decodeWithOpenCv(std::span<const std::uint8_t> bytes, const std::string& name, int flags)
{
    if (const std::optional<Dimensions> d = declaredDimensions(bytes))
        refuseHugeImage(d->width, d->height, name);
    if (bytes.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
        throw Error(ErrorCode::InvalidData, "cannot decode image: larger than 2 GiB", {name});
    quietOpenCv();
    const cv::Mat encoded(1, static_cast<int>(bytes.size()), CV_8UC1, const_cast<std::uint8_t*>(bytes.data()));
    try {
        return cv::imdecode(encoded, flags);
    } catch (const cv::Exception& e) {
        throw Error(ErrorCode::InvalidData, std::string("cannot decode image: ") + e.what(), {name});
    }
}

cv::Mat decodeAny(std::span<const std::uint8_t> bytes, const std::string& name, ImageColor color)
{
    if (isPng(bytes))
        return decodePng(bytes, name, color);
    cv::Mat image;
    if (isJpeg(bytes))
        image = decodeJpeg(bytes, name, color);
    if (image.empty())
        image = decodeWithOpenCv(bytes, name, color == ImageColor::Gray ? cv::IMREAD_GRAYSCALE : cv::IMREAD_COLOR);
    return image;
}

} // namespace

void refuseHugeImage(std::uint64_t width, std::uint64_t height, const std::string& name)
{
    // A decompression bomb (a 1 MB PNG of 20,000 x 20,000 pixels decodes to 1.2 GB) is refused
    // from its header, before the decoder allocates for it.
    if (width * height <= kMaxImagePixels)
        return;
    throw Error(ErrorCode::InvalidData,
        "the image is " + std::to_string(width) + "x" + std::to_string(height) + " pixels; images over "
            + std::to_string(kMaxImagePixels / 1000000) + " megapixels are refused before decoding",
        {name});
}

cv::Mat decodeImage(std::span<const std::uint8_t> bytes, const std::string& name, ImageColor color)
{
    cv::Mat image = decodeAny(bytes, name, color);
    if (image.empty())
        throw Error(ErrorCode::InvalidData, "cannot decode image (unreadable, or not a valid image file)", {name});
    return image;
}

ImageShape probeImage(std::span<const std::uint8_t> bytes, const std::string& name)
{
    bool gray = false;
    cv::Mat image;
    if (isPng(bytes)) {
        // IHDR's colour type 0 is gray without alpha; a palette may hold colours.
        gray = bytes.size() > 25 && bytes[25] == 0;
        image = decodePng(bytes, name, ImageColor::Gray); // size, and proof that it decodes
    } else if (isJpeg(bytes)) {
        gray = jpegIsGray(bytes, name);
        image = decodeImage(bytes, name, ImageColor::Gray);
    } else {
        image = decodeWithOpenCv(bytes, name, cv::IMREAD_UNCHANGED);
        if (image.empty())
            throw Error(ErrorCode::InvalidData, "cannot decode image (unreadable, or not a valid image file)", {name});
        gray = image.channels() == 1;
    }
    return {gray ? 1 : 3, image.rows, image.cols};
}

bool decodePlanar(
    std::span<const std::uint8_t> bytes, const std::string& name, const ImageShape& shape, std::uint8_t* out)
{
    cv::Mat image = decodeImage(bytes, name, shape.channels == 1 ? ImageColor::Gray : ImageColor::Bgr);
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

bool decodePlanar(const std::filesystem::path& file, const ImageShape& shape, std::uint8_t* out)
{
    const std::vector<std::uint8_t> bytes = readWholeFile(diskFiles(), file);
    return decodePlanar(bytes, file.string(), shape, out);
}

} // namespace cnnwb::engine
