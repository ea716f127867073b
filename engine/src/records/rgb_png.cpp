#include "records/rgb_png.h"

#include <opencv2/core/mat.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <vector>

namespace cnnwb::engine {

std::string encodePng(const RgbImage& image)
{
    if (image.pixels.empty())
        return {};
    // OpenCV does not write through the Mat; it only reads the pixels.
    const cv::Mat rgb(image.height, image.width, CV_8UC3, const_cast<std::uint8_t*>(image.pixels.data()));
    cv::Mat bgr;
    cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
    std::vector<std::uint8_t> png;
    if (!cv::imencode(".png", bgr, png))
        return {};
    return {png.begin(), png.end()};
}

RgbImage readPngFile(const std::filesystem::path& file)
{
    RgbImage image;
    std::error_code error;
    if (!std::filesystem::exists(file, error))
        return image;
    const cv::Mat bgr = cv::imread(file.string(), cv::IMREAD_COLOR);
    if (bgr.empty())
        return image;
    cv::Mat rgb;
    cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
    image.width = rgb.cols;
    image.height = rgb.rows;
    image.pixels.assign(rgb.data, rgb.data + rgb.total() * 3);
    return image;
}

} // namespace cnnwb::engine
