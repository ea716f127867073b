#include "train/mixed_precision.h"

#include <ATen/autocast_mode.h>
#include <torch/utils.h>

namespace cnnwb::engine {

AutocastScope::AutocastScope(bool enabled, at::ScalarType type)
    : m_enabled(enabled)
{
    if (!m_enabled)
        return;
    at::autocast::set_autocast_enabled(at::kCUDA, true);
    at::autocast::set_autocast_dtype(at::kCUDA, type);
    at::autocast::increment_nesting();
}

AutocastScope::~AutocastScope()
{
    if (!m_enabled)
        return;
    if (at::autocast::decrement_nesting() == 0)
        at::autocast::clear_cache();
    at::autocast::set_autocast_enabled(at::kCUDA, false);
}

void MixedPrecision::configure(PrecisionKind precision, const torch::Device& device)
{
    if (!device.is_cuda())
        return;
    if (precision == PrecisionKind::Auto)
        precision = PrecisionKind::BFloat16; // Ampere and newer; bf16 needs no loss scaling
    m_autocast = precision != PrecisionKind::Float32;
    m_autocastType = precision == PrecisionKind::Float16 ? at::kHalf : at::kBFloat16;
    m_lossScale = precision == PrecisionKind::Float16 ? 65536.0 : 1.0;
}

void MixedPrecision::restore(double lossScale, std::int64_t cleanSteps)
{
    m_lossScale = lossScale;
    m_cleanSteps = cleanSteps;
}

bool MixedPrecision::unscaleGradients(const std::vector<torch::Tensor>& parameters)
{
    bool finite = true;
    {
        const torch::NoGradGuard noGrad;
        for (const auto& p : parameters)
            if (p.grad().defined()) {
                p.grad().div_(m_lossScale);
                finite = finite && p.grad().isfinite().all().item<bool>();
            }
    }
    if (!finite) {
        m_lossScale /= 2.0;
        m_cleanSteps = 0;
    }
    return finite;
}

void MixedPrecision::countCleanStep()
{
    if (++m_cleanSteps % 2000 == 0)
        m_lossScale *= 2.0;
}

} // namespace cnnwb::engine
