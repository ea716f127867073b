#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace cnnwb::engine {

/// How many of a class's `count` images a share holds out.
enum class HoldOutRounding {
    Nearest,        ///< round(share × count), possibly none
    EveryClassBoth, ///< as Nearest, but at least one held out and one kept when the class has two or more,
                    ///< and a class of one image kept whole
};

/// Which samples (labels[i] in [0, classes)) a seeded, stratified split holds out: `share` of every
/// class, chosen by a Fisher-Yates shuffle over SplitMix64 started from `state`. Ours rather than
/// std::shuffle, whose algorithm differs between standard libraries: the same inputs pick the same
/// samples on every machine. 1 = held out.
[[nodiscard]] std::vector<char> stratifiedHoldOut(std::span<const std::int64_t> labels, std::size_t classes,
    double share, std::uint64_t state, HoldOutRounding rounding = HoldOutRounding::Nearest);

} // namespace cnnwb::engine
