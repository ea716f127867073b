// CIFAR and IDX datasets at another input size or colour than they are stored in.

#include "data/dataset_readers.h"
#include "data/image_decode.h"
#include "data/parallel_for.h"

#include "cnnwb/engine/core/logging.h"

#include <opencv2/imgproc.hpp>

namespace cnnwb::engine {
namespace {

// One planar image as an interleaved Mat (BGR for three channels, as a decoder gives).
cv::Mat interleaved(const std::uint8_t* planar, const ImageShape& shape)
{
    std::vector<cv::Mat> planes;
    const std::size_t plane = static_cast<std::size_t>(shape.height) * shape.width;
    for (int c = shape.channels - 1; c >= 0; --c) // RGB planes, BGR order
        planes.emplace_back(shape.height, shape.width, CV_8UC1,
            const_cast<std::uint8_t*>(planar + static_cast<std::size_t>(c) * plane)); // NOLINT: only read
    cv::Mat image;
    cv::merge(planes, image);
    return image;
}

void conformSplit(SplitData& split, const ImageShape& from, const ImageShape& to, ResizePolicy policy)
{
    std::vector<std::uint8_t> out(static_cast<std::size_t>(split.size() * to.elementCount()));
    parallelFor(static_cast<std::size_t>(split.size()), [&](std::size_t i) {
        cv::Mat image = interleaved(split.pixels.data() + i * static_cast<std::size_t>(from.elementCount()), from);
        if (from.channels != to.channels)
            cv::cvtColor(image, image, to.channels == 1 ? cv::COLOR_BGR2GRAY : cv::COLOR_GRAY2BGR);
        writePlanar(fitImage(image, {to.width, to.height}, policy),
            out.data() + i * static_cast<std::size_t>(to.elementCount()));
    });
    split.pixels = std::move(out);
}

} // namespace

ImageShape conformedShape(const ImageShape& native, const DataOptions& options) noexcept
{
    ImageShape shape = native;
    if (!options.inputSize.empty()) {
        shape.width = options.inputSize.width;
        shape.height = options.inputSize.height;
    }
    if (options.color == ColorMode::Gray)
        shape.channels = 1;
    else if (options.color == ColorMode::Rgb)
        shape.channels = 3;
    return shape;
}

void conformImages(Dataset::Data& data, const ImageShape& shape)
{
    const ImageShape from = data.info.shape;
    if (from == shape)
        return;
    conformSplit(data.train, from, shape, data.info.options.resize);
    conformSplit(data.test, from, shape, data.info.options.resize);
    data.info.shape = shape;
    data.info.resized = from.width != shape.width || from.height != shape.height;
    logInfo({"brought the %1 images from %2 to %3",
        {std::to_string(data.train.size() + data.test.size()), from.toString(), shape.toString()}});
}

} // namespace cnnwb::engine
