#include "data/split_tensors.h"

namespace cnnwb::engine {

torch::Tensor imageView(const std::uint8_t* images, std::int64_t count, const ImageShape& shape)
{
    auto* data = const_cast<std::uint8_t*>(images); // NOLINT(cppcoreguidelines-pro-type-const-cast): only read
    return torch::from_blob(data, {count, shape.channels, shape.height, shape.width}, torch::kUInt8);
}

torch::Tensor labelView(const std::int64_t* labels, std::int64_t count)
{
    auto* data = const_cast<std::int64_t*>(labels); // NOLINT(cppcoreguidelines-pro-type-const-cast): only read
    return torch::from_blob(data, {count}, torch::kInt64);
}

SplitTensors splitTensors(const SplitData& split, const ImageShape& shape, const torch::Device& device)
{
    // A streamed split has no pixels in memory: its images are decoded batch by batch.
    torch::Tensor images = split.files.empty() ? imageView(split.pixels.data(), split.size(), shape) : torch::Tensor();
    torch::Tensor labels = labelView(split.labels.data(), split.size());
    if (device.is_cpu())
        return {std::move(images), std::move(labels)};
    return {images.defined() ? images.to(device) : images, labels.to(device)};
}

} // namespace cnnwb::engine
