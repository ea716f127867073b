#include "cnnwb/engine/augment/augmentation_preview.h"

#include "core/library_errors.h"

#include "cnnwb/engine/core/error.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <functional>
#include <numeric>
#include <unordered_set>

namespace cnnwb::engine {
namespace {

const cv::Scalar kBackground(246, 246, 246);
const cv::Scalar kText(50, 50, 50);

std::uint64_t splitmix(std::uint64_t& state) noexcept
{
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

cv::Mat asMat(RgbImage& image)
{
    return {image.height, image.width, CV_8UC3, image.pixels.data()};
}

RgbImage fromPlanes(const ImageShape& shape, const std::function<std::uint8_t(int c, std::int64_t i)>& value)
{
    RgbImage image{
        shape.width, shape.height, std::vector<std::uint8_t>(static_cast<std::size_t>(shape.width) * shape.height * 3)};
    const std::int64_t plane = static_cast<std::int64_t>(shape.width) * shape.height;
    for (std::int64_t i = 0; i < plane; ++i)
        for (int c = 0; c < 3; ++c)
            image.pixels[static_cast<std::size_t>(i * 3 + c)] = value(shape.channels == 3 ? c : 0, i);
    return image;
}

void checkIndex(const Dataset& dataset, std::int64_t index)
{
    if (index < 0 || index >= dataset.size(Split::Train))
        throw Error(
            ErrorCode::InvalidArgument, "no training image " + std::to_string(index), {dataset.info().root.string()});
}

} // namespace

std::vector<std::int64_t> previewSamples(std::int64_t splitSize, int count, std::uint64_t pick)
{
    std::vector<std::int64_t> indices;
    if (splitSize <= 0 || count <= 0)
        return indices;
    if (splitSize <= count) {
        indices.resize(static_cast<std::size_t>(splitSize));
        std::iota(indices.begin(), indices.end(), 0);
        return indices;
    }
    std::uint64_t state = pick ^ 0x9ea7f00dULL;
    std::unordered_set<std::int64_t> seen;
    while (static_cast<int>(indices.size()) < count) {
        const auto index = static_cast<std::int64_t>(splitmix(state) % static_cast<std::uint64_t>(splitSize));
        if (seen.insert(index).second)
            indices.push_back(index);
    }
    return indices;
}

RgbImage originalSample(const Dataset& dataset, std::int64_t index)
{
    checkIndex(dataset, index);
    const ImageShape& shape = dataset.info().shape;
    const std::vector<std::uint8_t> pixels = dataset.image(Split::Train, index); // decoded when streamed
    const std::uint8_t* image = pixels.data();
    const std::int64_t plane = static_cast<std::int64_t>(shape.width) * shape.height;
    return fromPlanes(shape, [&](int c, std::int64_t i) { return image[c * plane + i]; });
}

RgbImage augmentedSample(
    const Dataset& dataset, std::int64_t index, const AugmentationSpec& spec, std::uint64_t sampleSeed)
{
    checkIndex(dataset, index);
    const ImageShape& shape = dataset.info().shape;
    std::vector<float> values(static_cast<std::size_t>(shape.elementCount()));
    augmentImage(dataset.image(Split::Train, index).data(), shape, spec, sampleSeed, values.data());
    const std::int64_t plane = static_cast<std::int64_t>(shape.width) * shape.height;
    return fromPlanes(shape, [&](int c, std::int64_t i) {
        return spec.normalize.toPixel(values[static_cast<std::size_t>(c * plane + i)], c);
    });
}

PreviewLayout previewLayout(const Dataset& dataset, const PreviewOptions& options)
{
    const ImageShape& shape = dataset.info().shape;
    const int columns = std::clamp(options.columns, 1, 64);
    const int rows = std::clamp(options.rows, 1, 64);
    PreviewLayout layout;
    layout.zoom = options.zoom > 0 ? options.zoom : std::max(1, (96 + shape.width - 1) / shape.width);
    const int imageW = shape.width * layout.zoom;
    const int imageH = shape.height * layout.zoom;
    const int tileW = options.showOriginal ? 2 * imageW + kPreviewGap / 2 : imageW;
    const int captionH = options.captions ? kPreviewCaption : 0;
    layout.width = kPreviewGap + columns * (tileW + kPreviewGap);
    layout.height = kPreviewGap + rows * (imageH + captionH + kPreviewGap);

    const int count = columns * rows;
    const std::vector<std::int64_t> picked
        = previewSamples(dataset.size(Split::Train), options.sameImage ? 1 : count, options.pick);
    const std::vector<std::string>& names = dataset.info().classNames;
    for (int tile = 0; tile < count && !picked.empty(); ++tile) {
        if (!options.sameImage && tile >= static_cast<int>(picked.size()))
            break;
        PreviewTile t;
        t.index = options.sameImage ? picked.front() : picked[static_cast<std::size_t>(tile)];
        // A tile's randomness is the trainer's for this image in this epoch; in "same image" mode
        // each tile is another epoch, i.e. the variations training will show over time.
        t.epoch = options.epoch + (options.sameImage ? tile : 0);
        t.x = kPreviewGap + (tile % columns) * (tileW + kPreviewGap);
        t.y = kPreviewGap + (tile / columns) * (imageH + captionH + kPreviewGap);
        t.width = tileW;
        t.imageHeight = imageH;
        t.captionHeight = captionH;
        const auto label = static_cast<std::size_t>(dataset.labels(Split::Train)[static_cast<std::size_t>(t.index)]);
        t.caption = label < names.size() ? names[label] : std::to_string(label);
        layout.tiles.push_back(std::move(t));
    }
    return layout;
}

namespace {

// The class name in OpenCV's Hershey font, cut to the tile's width (the CLI's preview image).
void drawCaption(cv::Mat& canvas, const PreviewTile& tile)
{
    std::string caption = tile.caption;
    const double scale = 0.38;
    int baseline = 0;
    while (caption.size() > 3
        && cv::getTextSize(caption, cv::FONT_HERSHEY_SIMPLEX, scale, 1, &baseline).width > tile.width)
        caption.pop_back();
    const cv::Size size = cv::getTextSize(caption, cv::FONT_HERSHEY_SIMPLEX, scale, 1, &baseline);
    cv::putText(canvas, caption,
        cv::Point(tile.x + (tile.width - size.width) / 2, tile.y + tile.imageHeight + tile.captionHeight - 4),
        cv::FONT_HERSHEY_SIMPLEX, scale, kText, 1, cv::LINE_AA);
}

} // namespace

RgbImage renderPreviewGrid(const Dataset& dataset, const AugmentationSpec& spec, const PreviewOptions& options)
{
    const PreviewLayout layout = previewLayout(dataset, options);
    const ImageShape& shape = dataset.info().shape;
    const int imageW = shape.width * layout.zoom;
    const int imageH = shape.height * layout.zoom;

    RgbImage grid{layout.width, layout.height, {}};
    grid.pixels.resize(static_cast<std::size_t>(grid.width) * grid.height * 3);
    cv::Mat canvas = asMat(grid);
    canvas.setTo(kBackground);
    const auto place = [&](RgbImage image, int x, int y) {
        cv::Mat zoomed;
        cv::resize(asMat(image), zoomed, cv::Size(imageW, imageH), 0, 0, cv::INTER_NEAREST);
        zoomed.copyTo(canvas(cv::Rect(x, y, imageW, imageH)));
    };
    try {
        for (const PreviewTile& tile : layout.tiles) {
            int imageX = tile.x;
            if (options.showOriginal) {
                place(originalSample(dataset, tile.index), tile.x, tile.y);
                imageX = tile.x + imageW + kPreviewGap / 2;
            }
            place(augmentedSample(dataset, tile.index, spec, sampleSeed(options.seed, tile.epoch, tile.index)), imageX,
                tile.y);
            if (tile.captionHeight > 0 && options.captionText)
                drawCaption(canvas, tile);
        }
    } catch (...) {
        throw toEngineError(std::current_exception(), {"preview", {}, {}});
    }
    return grid;
}

void saveImage(const RgbImage& image, const std::filesystem::path& file)
{
    RgbImage copy = image;
    cv::Mat bgr;
    cv::cvtColor(asMat(copy), bgr, cv::COLOR_RGB2BGR);
    bool written = false;
    try {
        written = cv::imwrite(file.string(), bgr);
    } catch (const cv::Exception& e) {
        throw Error(ErrorCode::Io, std::string("cannot write image: ") + e.what(), {file.string()});
    }
    if (!written)
        throw Error(ErrorCode::Io, "cannot write image (unknown extension or unwritable folder)", {file.string()});
}

} // namespace cnnwb::engine
