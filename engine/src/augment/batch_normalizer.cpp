#include "augment/batch_normalizer.h"

#include <vector>

namespace cnnwb::engine {

BatchNormalizer::BatchNormalizer(const Normalization& normalization, int channels, const torch::Device& device)
    : m_device(device)
{
    const std::array<float, 3> scale = normalization.scale();
    const std::array<float, 3> offset = normalization.offset();
    const auto c = static_cast<std::size_t>(channels);
    m_scale = torch::tensor(std::vector<float>(scale.begin(), scale.begin() + c)).view({1, -1, 1, 1}).to(device);
    m_offset = torch::tensor(std::vector<float>(offset.begin(), offset.begin() + c)).view({1, -1, 1, 1}).to(device);
}

torch::Tensor BatchNormalizer::operator()(const torch::Tensor& batch, bool channelsLast) const
{
    torch::Tensor x = batch.to(m_device).to(torch::kFloat32).mul_(m_scale).add_(m_offset);
    return channelsLast ? x.contiguous(at::MemoryFormat::ChannelsLast) : x;
}

} // namespace cnnwb::engine
