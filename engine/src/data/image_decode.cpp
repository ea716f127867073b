#include "data/image_decode.h"

#include "data/file_source.h"
#include "data/image_codecs.h"
#include "data/opencv_stderr_filter.h"

#include "cnnwb/engine/core/error.h"

#include <opencv2/core/utils/logger.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <mutex>
#include <optional>
#include <string_view>
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

constexpr const char* kNotAnImage = "cannot decode image (unreadable, or not a JPEG, PNG, BMP, WebP, TIFF or PNM file)";

bool startsWith(std::span<const std::uint8_t> b, std::string_view text, std::size_t at = 0)
{
    return b.size() >= at + text.size() && std::equal(text.begin(), text.end(), b.begin() + at);
}

bool isPnm(std::span<const std::uint8_t> b)
{
    return b.size() >= 2 && b[0] == 'P' && b[1] >= '1' && b[1] <= '6';
}

// The formats the ImageFolder listing takes besides JPEG and PNG (its extensions: .bmp, .webp,
// .tif/.tiff, .ppm/.pgm), told by their signatures. OpenCV would decode a dozen more by content
// (Radiance HDR, OpenEXR, JPEG 2000, Sun raster, ...) under any name: those are refused, which keeps
// their decoders out of reach of a file that merely ends in .png.
bool openCvMayDecode(std::span<const std::uint8_t> b)
{
    return isJpeg(b) || isPnm(b) || startsWith(b, "BM") || (startsWith(b, "RIFF") && startsWith(b, "WEBP", 8))
        || startsWith(b, std::string_view("II*\0", 4)) || startsWith(b, std::string_view("MM\0*", 4));
}

// The width and height after a PNM's magic number, skipping white space and # comments.
std::optional<Dimensions> pnmDimensions(std::span<const std::uint8_t> b)
{
    std::size_t at = 2;
    std::uint64_t values[2] = {0, 0};
    for (std::uint64_t& value : values) {
        while (at < b.size() && (std::isspace(b[at]) || b[at] == '#')) {
            if (b[at] == '#')
                while (at < b.size() && b[at] != '\n')
                    ++at;
            else
                ++at;
        }
        std::size_t digits = 0;
        for (; at < b.size() && std::isdigit(b[at]) && digits < 12; ++at, ++digits)
            value = value * 10 + (b[at] - '0');
        if (digits == 0)
            return std::nullopt;
    }
    return Dimensions{values[0], values[1]};
}

// The size a BMP, WebP or PNM declares, read from its header without decoding it (JPEG and PNG
// have their own decoders, which check theirs; OpenCV caps TIFF at its own limit); nothing for
// other or unreadable files.
std::optional<Dimensions> declaredDimensions(std::span<const std::uint8_t> b)
{
    if (b.size() >= 26 && startsWith(b, "BM")) {
        const auto height = static_cast<std::int32_t>(le16(b, 22) | le16(b, 24) << 16);
        return Dimensions{
            le16(b, 18) | le16(b, 20) << 16, static_cast<std::uint64_t>(height < 0 ? -std::int64_t{height} : height)};
    }
    if (b.size() >= 30 && startsWith(b, "RIFF") && startsWith(b, "WEBP", 8) && startsWith(b, "VP8X", 12))
        return Dimensions{1 + (b[24] | b[25] << 8 | static_cast<std::uint64_t>(b[26]) << 16),
            1 + (b[27] | b[28] << 8 | static_cast<std::uint64_t>(b[29]) << 16)};
    if (isPnm(b))
        return pnmDimensions(b);
    return std::nullopt;
}

// OpenCV reports a failed decode as an empty Mat; its log lines, and the ones imdecode writes to
// std::cerr itself, would only repeat that on the terminal, around the one error the engine gives.
void quietOpenCv()
{
    static std::once_flag once;
    std::call_once(once, [] {
        cv::utils::logging::setLogLevel(cv::utils::logging::LOG_LEVEL_SILENT);
        filterOpenCvLinesFromCerr();
    });
}

cv::Mat decodeWithOpenCv(std::span<const std::uint8_t> bytes, const std::string& name, int flags)
{
    if (!openCvMayDecode(bytes))
        return {}; // reported by the caller as not a valid image file
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
        throw Error(ErrorCode::InvalidData, kNotAnImage, {name});
    return image;
}

ImageShape probeImage(std::span<const std::uint8_t> bytes, const std::string& name)
{
    bool gray = false;
    if (isPng(bytes)) {
        // IHDR's colour type 0 is gray, 4 gray with alpha; a palette may hold colours.
        gray = bytes.size() > 25 && (bytes[25] == 0 || bytes[25] == 4);
    } else if (isJpeg(bytes)) {
        gray = jpegIsGray(bytes, name);
    } else {
        const cv::Mat image = decodeWithOpenCv(bytes, name, cv::IMREAD_UNCHANGED);
        if (image.empty())
            throw Error(ErrorCode::InvalidData, kNotAnImage, {name});
        return {image.channels() == 1 ? 1 : 3, image.rows, image.cols};
    }
    const ImageSize size = probeImageSize(bytes, name);
    return {gray ? 1 : 3, size.height, size.width};
}

ImageSize probeImageSize(std::span<const std::uint8_t> bytes, const std::string& name)
{
    if (isPng(bytes) && bytes.size() >= 24) {
        const auto be32 = [&](std::size_t at) {
            return static_cast<int>(std::uint32_t{bytes[at]} << 24 | std::uint32_t{bytes[at + 1]} << 16
                | std::uint32_t{bytes[at + 2]} << 8 | bytes[at + 3]);
        };
        refuseHugeImage(static_cast<std::uint32_t>(be32(16)), static_cast<std::uint32_t>(be32(20)), name);
        return {be32(16), be32(20)};
    }
    if (isJpeg(bytes)) {
        const ImageSize stored = jpegStoredSize(bytes, name);
        const int orientation = exifOrientation(bytes);
        return orientation >= 5 ? ImageSize{stored.height, stored.width} : stored; // 5..8 turn it a quarter
    }
    const cv::Mat image = decodeImage(bytes, name, ImageColor::Gray);
    return {image.cols, image.rows};
}

namespace {

int interpolationFor(const cv::Mat& image, cv::Size size)
{
    return size.width < image.cols || size.height < image.rows ? cv::INTER_AREA : cv::INTER_LINEAR;
}

cv::Mat centerCrop(const cv::Mat& image, ImageSize size)
{
    // The side that binds is scaled to its target exactly; the other is target * side / side in
    // integers, truncated, as torchvision's Resize computes the longer side.
    const std::int64_t w = image.cols;
    const std::int64_t h = image.rows;
    const bool widthBinds = std::int64_t{size.width} * h >= std::int64_t{size.height} * w;
    const cv::Size scaled = widthBinds
        ? cv::Size(size.width, std::max<int>(size.height, static_cast<int>(std::int64_t{size.width} * h / w)))
        : cv::Size(std::max<int>(size.width, static_cast<int>(std::int64_t{size.height} * w / h)), size.height);
    cv::Mat resized;
    cv::resize(image, resized, scaled, 0, 0, interpolationFor(image, scaled));
    // torchvision's CenterCrop: int(round((scaled - size) / 2.0)), Python rounding halves to even.
    const int left = static_cast<int>(std::nearbyint((scaled.width - size.width) / 2.0));
    const int top = static_cast<int>(std::nearbyint((scaled.height - size.height) / 2.0));
    return resized(cv::Rect(left, top, size.width, size.height)).clone();
}

cv::Mat letterbox(const cv::Mat& image, ImageSize size)
{
    const double scale
        = std::min(static_cast<double>(size.width) / image.cols, static_cast<double>(size.height) / image.rows);
    const cv::Size scaled(std::clamp(static_cast<int>(std::lround(image.cols * scale)), 1, size.width),
        std::clamp(static_cast<int>(std::lround(image.rows * scale)), 1, size.height));
    cv::Mat resized;
    cv::resize(image, resized, scaled, 0, 0, interpolationFor(image, scaled));
    cv::Mat out(size.height, size.width, image.type(), cv::Scalar::all(0));
    resized.copyTo(
        out(cv::Rect((size.width - scaled.width) / 2, (size.height - scaled.height) / 2, scaled.width, scaled.height)));
    return out;
}

} // namespace

cv::Mat fitImage(const cv::Mat& image, ImageSize size, ResizePolicy policy)
{
    if (image.cols == size.width && image.rows == size.height)
        return image;
    switch (policy) {
    case ResizePolicy::CenterCrop:
        return centerCrop(image, size);
    case ResizePolicy::Letterbox:
        return letterbox(image, size);
    case ResizePolicy::Stretch:
        break;
    }
    const cv::Size target(size.width, size.height);
    cv::Mat resized;
    cv::resize(image, resized, target, 0, 0, interpolationFor(image, target));
    return resized;
}

void writePlanar(const cv::Mat& image, std::uint8_t* out)
{
    cv::Mat rgb = image;
    if (image.channels() == 3)
        cv::cvtColor(image, rgb, cv::COLOR_BGR2RGB);
    std::vector<cv::Mat> planes;
    const std::size_t plane = static_cast<std::size_t>(image.rows) * image.cols;
    for (int c = 0; c < image.channels(); ++c)
        planes.emplace_back(image.rows, image.cols, CV_8UC1, out + static_cast<std::size_t>(c) * plane);
    cv::split(rgb, planes); // writes straight into the planar buffer
}

bool decodePlanar(std::span<const std::uint8_t> bytes, const std::string& name, const ImageShape& shape,
    ResizePolicy policy, std::uint8_t* out)
{
    const cv::Mat image = decodeImage(bytes, name, shape.channels == 1 ? ImageColor::Gray : ImageColor::Bgr);
    const bool resized = image.rows != shape.height || image.cols != shape.width;
    writePlanar(fitImage(image, {shape.width, shape.height}, policy), out);
    return resized;
}

bool decodePlanar(const std::filesystem::path& file, const ImageShape& shape, ResizePolicy policy, std::uint8_t* out)
{
    const std::vector<std::uint8_t> bytes = readWholeFile(diskFiles(), file);
    return decodePlanar(bytes, file.string(), shape, policy, out);
}

} // namespace cnnwb::engine
