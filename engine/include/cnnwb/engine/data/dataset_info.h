#pragma once

#include "cnnwb/engine/data/dataset_format.h"
#include "cnnwb/engine/data/image_shape.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace cnnwb::engine {

/// What a loaded dataset is, without its pixels.
struct DatasetInfo {
    std::filesystem::path root;
    DatasetFormat format = DatasetFormat::ImageFolder;
    std::string name;                    ///< e.g. "CIFAR-10", "Fashion-MNIST", or the folder's name
    ImageShape shape;                    ///< every image has this shape
    std::vector<std::string> classNames; ///< index = label
    std::int64_t trainCount = 0;
    std::int64_t testCount = 0;
    /// What the test split is: "test", or "validation (10 % of train, seed 0)" after holdOutValidation.
    std::string evaluationSplit = "test";
};

} // namespace cnnwb::engine
