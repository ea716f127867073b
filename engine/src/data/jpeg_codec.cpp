#include "data/image_codecs.h"

#include "cnnwb/engine/core/error.h"

#include <opencv2/core.hpp>
#include <turbojpeg.h>

#include <cstring>
#include <memory>

namespace cnnwb::engine {
namespace {

struct HandleDeleter {
    void operator()(void* handle) const { tjDestroy(handle); }
};

// One decompressor per thread: the ImageFolder reader decodes on every core.
tjhandle decompressor()
{
    thread_local const std::unique_ptr<void, HandleDeleter> handle(tjInitDecompress());
    if (!handle)
        throw Error(ErrorCode::Backend, "TurboJPEG could not start a decompressor");
    return handle.get();
}

struct JpegHeader {
    int width = 0;
    int height = 0;
    int colorspace = TJCS_RGB;
};

JpegHeader readHeader(std::span<const std::uint8_t> bytes, const std::string& name)
{
    JpegHeader header;
    int subsampling = 0;
    if (tjDecompressHeader3(
            decompressor(), bytes.data(), bytes.size(), &header.width, &header.height, &subsampling, &header.colorspace)
        != 0)
        throw Error(
            ErrorCode::InvalidData, std::string("cannot decode image: ") + tjGetErrorStr2(decompressor()), {name});
    refuseHugeImage(static_cast<std::uint64_t>(header.width), static_cast<std::uint64_t>(header.height), name);
    return header;
}

std::uint32_t read16(const std::uint8_t* p, bool bigEndian)
{
    return bigEndian ? (std::uint32_t{p[0]} << 8 | p[1]) : (std::uint32_t{p[1]} << 8 | p[0]);
}

std::uint32_t read32(const std::uint8_t* p, bool bigEndian)
{
    return bigEndian ? (read16(p, true) << 16 | read16(p + 2, true)) : (read16(p + 2, false) << 16 | read16(p, false));
}

// The orientation tag (0x0112) of the TIFF structure inside an APP1 "Exif" segment.
int orientationInTiff(std::span<const std::uint8_t> tiff)
{
    if (tiff.size() < 8 || (tiff[0] != 'I' && tiff[0] != 'M') || tiff[0] != tiff[1])
        return 1;
    const bool bigEndian = tiff[0] == 'M';
    const std::uint32_t ifd = read32(tiff.data() + 4, bigEndian);
    if (ifd > tiff.size() - 2)
        return 1;
    const std::uint32_t entries = read16(tiff.data() + ifd, bigEndian);
    for (std::uint32_t i = 0; i < entries; ++i) {
        const std::size_t at = ifd + 2 + std::size_t{i} * 12;
        if (at + 12 > tiff.size())
            return 1;
        if (read16(tiff.data() + at, bigEndian) == 0x0112) {
            const std::uint32_t value = read16(tiff.data() + at + 8, bigEndian);
            return value >= 1 && value <= 8 ? static_cast<int>(value) : 1;
        }
    }
    return 1;
}

void applyOrientation(cv::Mat& image, int orientation)
{
    // EXIF's eight orientations, undone the way OpenCV's imread undoes them.
    if (orientation >= 5)
        cv::transpose(image, image);
    static constexpr int kFlip[9] = {2, 2, 1, -1, 0, 2, 1, -1, 0}; // 2: no flip
    if (const int flip = kFlip[orientation]; flip != 2)
        cv::flip(image, image, flip);
}

} // namespace

bool isJpeg(std::span<const std::uint8_t> bytes)
{
    return bytes.size() >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF;
}

int exifOrientation(std::span<const std::uint8_t> bytes)
{
    for (std::size_t at = 2; at + 4 <= bytes.size() && bytes[at] == 0xFF;) {
        const std::uint8_t marker = bytes[at + 1];
        if (marker == 0xDA || marker == 0xD9) // the image data starts: no more metadata
            return 1;
        const std::size_t length = read16(bytes.data() + at + 2, true);
        if (length < 2 || at + 2 + length > bytes.size())
            return 1;
        if (marker == 0xE1 && length >= 8 && std::memcmp(bytes.data() + at + 4, "Exif\0\0", 6) == 0)
            return orientationInTiff(bytes.subspan(at + 10, length - 8));
        at += 2 + length;
    }
    return 1;
}

ImageSize jpegStoredSize(std::span<const std::uint8_t> bytes, const std::string& name)
{
    const JpegHeader header = readHeader(bytes, name);
    return {header.width, header.height};
}

bool jpegIsGray(std::span<const std::uint8_t> bytes, const std::string& name)
{
    return readHeader(bytes, name).colorspace == TJCS_GRAY;
}

cv::Mat decodeJpeg(std::span<const std::uint8_t> bytes, const std::string& name, ImageColor color)
{
    const JpegHeader header = readHeader(bytes, name);
    if (header.colorspace == TJCS_CMYK || header.colorspace == TJCS_YCCK)
        return {};
    const bool gray = color == ImageColor::Gray;
    cv::Mat image(header.height, header.width, gray ? CV_8UC1 : CV_8UC3);
    // Default flags: accurate DCT and fancy upsampling, as libjpeg (and so OpenCV) decodes.
    if (tjDecompress2(decompressor(), bytes.data(), bytes.size(), image.data, header.width, 0, header.height,
            gray ? TJPF_GRAY : TJPF_BGR, 0)
            != 0
        && tjGetErrorCode(decompressor()) != TJERR_WARNING)
        throw Error(
            ErrorCode::InvalidData, std::string("cannot decode image: ") + tjGetErrorStr2(decompressor()), {name});
    applyOrientation(image, exifOrientation(bytes));
    return image;
}

} // namespace cnnwb::engine
