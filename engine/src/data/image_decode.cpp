#include "data/image_decode.h"

#include "cnnwb/engine/core/error.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <vector>

namespace cnnwb::engine {

cv::Mat decodeImage(const std::filesystem::path& file, int flags)
{
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
