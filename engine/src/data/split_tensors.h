#pragma once

#include "data/dataset_data.h"

#include "cnnwb/engine/data/image_shape.h"

#include <torch/types.h>

namespace cnnwb::engine {

/// A split's images (uint8 N x C x H x W) and labels (int64 N) as tensors.
struct SplitTensors {
    torch::Tensor images;
    torch::Tensor labels;
};

/// `count` planar uint8 images as an N x C x H x W tensor over the same memory, without a copy.
/// The tensor is only ever read (index_select and slices copy), though from_blob wants it mutable.
[[nodiscard]] torch::Tensor imageView(const std::uint8_t* images, std::int64_t count, const ImageShape& shape);
/// `count` labels as an int64 tensor over the same memory, without a copy.
[[nodiscard]] torch::Tensor labelView(const std::int64_t* labels, std::int64_t count);

/// The split on `device`. On the CPU these are views without a copy; on a GPU the whole split is
/// uploaded once (uint8: 150 MB for CIFAR-10), so a batch is a gather on the device and there is
/// no per-batch host-to-device copy to pin or overlap.
[[nodiscard]] SplitTensors splitTensors(const SplitData& split, const ImageShape& shape, const torch::Device& device);

} // namespace cnnwb::engine
