#pragma once

#include "cnnwb/engine/train/train_config.h"

#include <ATen/core/ATen_fwd.h>
#include <c10/core/ScalarType.h>
#include <torch/types.h>

#include <cstdint>
#include <vector>

namespace cnnwb::engine {

/// Mixed precision on CUDA for the forward pass only, like torch.autocast; off on the CPU.
class AutocastScope {
public:
    AutocastScope(bool enabled, at::ScalarType type);
    ~AutocastScope();
    AutocastScope(const AutocastScope&) = delete;
    AutocastScope& operator=(const AutocastScope&) = delete;
    AutocastScope(AutocastScope&&) = delete;
    AutocastScope& operator=(AutocastScope&&) = delete;

private:
    bool m_enabled;
};

/// A run's precision: autocast for the forward pass, and for fp16 the dynamic loss scale (C++ has
/// no GradScaler): scale the loss up, unscale the gradients, skip the step and halve the scale on
/// overflow, double it after 2000 clean steps. bf16 and fp32 need no scaling (the scale stays 1).
class MixedPrecision {
public:
    /// CUDA only (the CPU trains in fp32): Auto means bf16, which Ampere and newer GPUs run natively.
    void configure(PrecisionKind precision, const torch::Device& device);
    /// A resumed run continues with the saved scale.
    void restore(double lossScale, std::int64_t cleanSteps);

    /// Autocast for the forward pass, while the returned scope lives.
    [[nodiscard]] AutocastScope autocast() const { return {m_autocast, m_autocastType}; }
    [[nodiscard]] bool autocastEnabled() const noexcept { return m_autocast; }
    [[nodiscard]] at::ScalarType autocastType() const noexcept { return m_autocastType; }
    /// Whether this step scales its loss (fp16 with a scale other than 1).
    [[nodiscard]] bool scaling() const noexcept { return m_lossScale != 1.0; }
    [[nodiscard]] double lossScale() const noexcept { return m_lossScale; }
    [[nodiscard]] std::int64_t cleanSteps() const noexcept { return m_cleanSteps; }

    /// After a scaled backward pass: divides the gradients by the scale. False when one is not
    /// finite: the step must be skipped, and the scale is halved.
    [[nodiscard]] bool unscaleGradients(const std::vector<torch::Tensor>& parameters);
    /// After a scaled step was taken.
    void countCleanStep();

private:
    bool m_autocast = false;
    at::ScalarType m_autocastType = at::kBFloat16;
    double m_lossScale = 1.0;
    std::int64_t m_cleanSteps = 0;
};

} // namespace cnnwb::engine
