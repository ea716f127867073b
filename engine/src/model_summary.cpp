#include "cnnwb/engine/model_summary.h"

namespace cnnwb::engine {

// Mirrors buildSeedCnn() in seed_model.cpp; the trainer test checks both agree on the parameter count.
std::vector<LayerSummary> summarizeSeedCnn(const ImageShape& input, int classCount)
{
    constexpr std::int64_t kFeatures = 32;
    const std::int64_t c = input.channels;
    const std::int64_t h = input.height;
    const std::int64_t w = input.width;
    const std::int64_t flat = kFeatures * (h / 2) * (w / 2);
    return {
        {"Conv2d", std::to_string(c) + "→32, kernel 3, stride 1, padding 1", {kFeatures, h, w},
            kFeatures * c * 9 + kFeatures},
        {"ReLU", "", {kFeatures, h, w}, 0},
        {"MaxPool2d", "kernel 2", {kFeatures, h / 2, w / 2}, 0},
        {"Flatten", "", {flat}, 0},
        {"Linear", std::to_string(flat) + "→" + std::to_string(classCount), {classCount},
            flat * classCount + classCount},
    };
}

std::string shapeToString(const std::vector<std::int64_t>& shape)
{
    std::string text;
    for (std::size_t i = 0; i < shape.size(); ++i)
        text += (i ? "x" : "") + std::to_string(shape[i]);
    return text;
}

} // namespace cnnwb::engine
