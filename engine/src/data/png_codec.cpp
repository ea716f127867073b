#include "data/image_codecs.h"

#include "cnnwb/engine/core/error.h"

#include <png.h>

#include <csetjmp>
#include <cstring>
#include <vector>

namespace cnnwb::engine {
namespace {

// Everything libpng's callbacks and a longjmp out of it may touch lives here, in the caller's
// frame: the function that calls setjmp keeps only trivial locals.
struct PngInput {
    std::span<const std::uint8_t> bytes;
    std::size_t at = 0;
    ImageColor color = ImageColor::Bgr;
    const std::string* name = nullptr;
    std::string error;
    std::vector<png_bytep> rows;
    cv::Mat* image = nullptr;
};

void onError(png_structp png, png_const_charp message)
{
    static_cast<PngInput*>(png_get_error_ptr(png))->error = message;
    png_longjmp(png, 1);
}

// libpng's warnings (an sRGB profile it dislikes, a bad CRC in an ancillary chunk) are about
// images that still decode; by default it prints them on the terminal.
void onWarning(png_structp /*png*/, png_const_charp /*message*/)
{
}

void readBytes(png_structp png, png_bytep out, png_size_t count)
{
    auto& input = *static_cast<PngInput*>(png_get_io_ptr(png));
    if (input.bytes.size() - input.at < count)
        png_error(png, "the file is truncated");
    std::memcpy(out, input.bytes.data() + input.at, count);
    input.at += count;
}

// The transformations cv::imread applies for 8-bit gray or BGR, so that both give the same pixels.
void requestOutput(png_structp png, png_infop info, ImageColor color)
{
    const int type = png_get_color_type(png, info);
    if (png_get_bit_depth(png, info) > 8)
        png_set_strip_16(png);
    png_set_strip_alpha(png);
    if (type == PNG_COLOR_TYPE_PALETTE)
        png_set_palette_to_rgb(png);
    if ((type & PNG_COLOR_MASK_COLOR) == 0 && png_get_bit_depth(png, info) < 8)
        png_set_expand_gray_1_2_4_to_8(png);
    if (color == ImageColor::Gray)
        png_set_rgb_to_gray(png, 1, 0.299, 0.587);
    else if ((type & PNG_COLOR_MASK_COLOR) != 0)
        png_set_bgr(png);
    else
        png_set_gray_to_rgb(png);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
}

// Reads the whole image into *input.image; returns false with input.error set on failure.
bool readPng(PngInput& input)
{
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &input, onError, onWarning);
    png_infop info = png != nullptr ? png_create_info_struct(png) : nullptr;
    if (info == nullptr) {
        png_destroy_read_struct(&png, nullptr, nullptr);
        input.error = "out of memory";
        return false;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_read_struct(&png, &info, nullptr);
        return false;
    }
    png_set_read_fn(png, &input, readBytes);
    png_read_info(png, info);
    const png_uint_32 width = png_get_image_width(png, info);
    const png_uint_32 height = png_get_image_height(png, info);
    if (std::uint64_t{width} * height > kMaxImagePixels) {
        input.error = "it declares more than 100 megapixels";
        png_destroy_read_struct(&png, &info, nullptr);
        return false;
    }
    requestOutput(png, info, input.color);
    input.image->create(
        static_cast<int>(height), static_cast<int>(width), input.color == ImageColor::Gray ? CV_8UC1 : CV_8UC3);
    input.rows.resize(height);
    for (png_uint_32 y = 0; y < height; ++y)
        input.rows[y] = input.image->ptr(static_cast<int>(y));
    png_read_image(png, input.rows.data());
    png_read_end(png, nullptr);
    png_destroy_read_struct(&png, &info, nullptr);
    return true;
}

} // namespace

bool isPng(std::span<const std::uint8_t> bytes)
{
    static constexpr std::uint8_t kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    return bytes.size() >= 8 && std::memcmp(bytes.data(), kSignature, 8) == 0;
}

cv::Mat decodePng(std::span<const std::uint8_t> bytes, const std::string& name, ImageColor color)
{
    if (bytes.size() >= 24) {
        const auto be32 = [&](std::size_t at) {
            return std::uint32_t{bytes[at]} << 24 | std::uint32_t{bytes[at + 1]} << 16
                | std::uint32_t{bytes[at + 2]} << 8 | bytes[at + 3];
        };
        refuseHugeImage(be32(16), be32(20), name); // from IHDR, before libpng allocates
    }
    cv::Mat image;
    PngInput input{bytes, 0, color, &name, {}, {}, &image};
    if (!readPng(input))
        throw Error(ErrorCode::InvalidData, "cannot decode image: " + input.error, {name});
    return image;
}

} // namespace cnnwb::engine
