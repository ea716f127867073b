#include "data/stratified_split.h"

#include <algorithm>
#include <cmath>

namespace cnnwb::engine {
namespace {

std::uint64_t mix(std::uint64_t& state) noexcept
{
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

std::size_t heldCount(std::size_t size, double share, HoldOutRounding rounding)
{
    auto count = static_cast<std::size_t>(std::llround(share * static_cast<double>(size)));
    if (rounding == HoldOutRounding::EveryClassBoth)
        count = size >= 2 ? std::clamp<std::size_t>(count, 1, size - 1) : 0; // a lone image trains
    return std::min(count, size);
}

} // namespace

std::vector<char> stratifiedHoldOut(std::span<const std::int64_t> labels, std::size_t classes, double share,
    std::uint64_t state, HoldOutRounding rounding)
{
    classes = std::max<std::size_t>(1, classes);
    std::vector<std::vector<std::size_t>> byClass(classes);
    for (std::size_t i = 0; i < labels.size(); ++i)
        byClass[std::min(static_cast<std::size_t>(labels[i]), classes - 1)].push_back(i);
    std::vector<char> held(labels.size(), 0);
    for (auto& indices : byClass) {
        for (std::size_t i = indices.size(); i > 1; --i)
            std::swap(indices[i - 1], indices[mix(state) % i]);
        const std::size_t count = heldCount(indices.size(), share, rounding);
        for (std::size_t k = 0; k < count; ++k)
            held[indices[k]] = 1;
    }
    return held;
}

} // namespace cnnwb::engine
