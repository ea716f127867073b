#pragma once

#include "cnnwb/engine/augment/normalization.h"

#include <torch/types.h>

namespace cnnwb::engine {

/// ToTensor() + Normalize(mean, std) for whole uint8 batches as one multiply-add per channel, the
/// same arithmetic as the augmentation path's. The per-channel factors live on the device, made once
/// (not per batch: on CUDA that would be two small host-to-device copies every step). Shared by the
/// trainer, the predictor and the learning-rate finder.
class BatchNormalizer {
public:
    BatchNormalizer(const Normalization& normalization, int channels, const torch::Device& device);

    /// N x C x H x W uint8 (on any device) -> normalized float32 on this normalizer's device.
    [[nodiscard]] torch::Tensor operator()(const torch::Tensor& batch, bool channelsLast = false) const;
    [[nodiscard]] const torch::Device& device() const noexcept { return m_device; }

private:
    torch::Tensor m_scale;
    torch::Tensor m_offset;
    torch::Device m_device;
};

} // namespace cnnwb::engine
