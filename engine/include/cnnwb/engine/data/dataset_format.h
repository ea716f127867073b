#pragma once

#include <filesystem>
#include <optional>
#include <string_view>

namespace cnnwb::engine {

/// The on-disk layouts the engine reads.
enum class DatasetFormat {
    Cifar10Binary,  ///< cifar-10-batches-bin/{data_batch_1..5,test_batch}.bin + batches.meta.txt
    Cifar100Binary, ///< cifar-100-binary/{train,test}.bin + fine_label_names.txt (fine labels)
    Idx,            ///< MNIST / Fashion-MNIST: {train,t10k}-{images-idx3,labels-idx1}-ubyte[.gz]
    ImageFolder,    ///< <class>/*.{jpg,png,...}, or train/<class>/... with or without test/<class>/...
};

/// "CIFAR-10 binary", "IDX (MNIST)", "ImageFolder".
[[nodiscard]] std::string_view datasetFormatName(DatasetFormat format) noexcept;

/// Where a dataset's files really are and in which format.
struct DetectedDataset {
    DatasetFormat format;
    std::filesystem::path root; ///< the folder holding the format's files (may be below the one given)
};

/// Looks at a folder's contents (not its name) and says which format it holds. A folder that holds
/// exactly one sub-folder, as an extracted archive does, is looked into. Returns nothing when no
/// format matches.
[[nodiscard]] std::optional<DetectedDataset> detectDatasetFormat(const std::filesystem::path& folder);

} // namespace cnnwb::engine
