#pragma once

#include "cnnwb/engine/data/data_options.h"
#include "cnnwb/engine/data/dataset_format.h"
#include "cnnwb/engine/data/image_shape.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace cnnwb::engine {

/// Where a dataset's input size came from.
enum class SizeChoice {
    Native,  ///< every image (of those looked at) has it
    Chosen,  ///< DataOptions::inputSize
    Default, ///< the images differ in size: kDefaultPhotoSide square
};

/// How a folder's layout split its images.
enum class FolderLayout {
    TrainTest, ///< train/<class>/… and test/<class>/… (or a format with both splits)
    TrainOnly, ///< train/<class>/… without test/: the test split is held out of it
    Flat,      ///< <class>/… at the top: the test split is held out of it
};

/// An image file that was left out of the dataset, and why.
struct SkippedFile {
    std::string path;   ///< relative to the dataset's root
    std::string reason; ///< the decoder's words
};

/// What a loaded dataset is, without its pixels.
struct DatasetInfo {
    std::filesystem::path root;
    DatasetFormat format = DatasetFormat::ImageFolder;
    std::string name;                    ///< e.g. "CIFAR-10", "Fashion-MNIST", or the folder's name
    ImageShape shape;                    ///< every image has this shape (after resizing)
    std::vector<std::string> classNames; ///< index = label
    std::int64_t trainCount = 0;
    std::int64_t testCount = 0;
    /// What the test split is: "test", "held out (20 % of each class, seed 0)", or
    /// "validation (10 % of train, seed 0)" after holdOutValidation.
    std::string evaluationSplit = "test";

    DataOptions options; ///< what the dataset was read with
    SizeChoice sizeChoice = SizeChoice::Native;
    ImageSize smallestImage; ///< by area, of the images looked at for the size
    ImageSize largestImage;
    int imagesLookedAt = 0; ///< how many images' sizes were read to choose
    bool resized = false;   ///< some image is not stored at shape's size
    FolderLayout layout = FolderLayout::TrainTest;
    std::vector<std::int64_t> heldOutPerClass; ///< test images held out of each class (TrainOnly, Flat)
    /// Images left out because they could not be decoded (load only: inspect decodes none).
    std::vector<SkippedFile> skipped;
    /// Decoded bytes of both splits (shape × images): what LoaderKind::Memory would hold.
    [[nodiscard]] std::uint64_t decodedBytes() const noexcept
    {
        return static_cast<std::uint64_t>(shape.elementCount()) * static_cast<std::uint64_t>(trainCount + testCount);
    }
    bool streamed = false; ///< images are read from their files batch by batch (LoaderKind)
};

} // namespace cnnwb::engine
