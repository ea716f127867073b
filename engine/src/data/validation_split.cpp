// Dataset::holdOutValidation: a seeded, stratified validation split of the training images.

#include "cnnwb/engine/data/dataset.h"

#include "data/dataset_data.h"

#include "cnnwb/engine/core/error.h"

#include <cmath>
#include <cstdio>
#include <cstring>

namespace cnnwb::engine {
namespace {

// SplitMix64 and our own Fisher-Yates: std::shuffle's algorithm differs between standard
// libraries, and the split must be the same wherever the experiment is re-run.
std::uint64_t mix(std::uint64_t& state) noexcept
{
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void copySample(const SplitData& from, std::int64_t index, std::size_t perImage, SplitData& to)
{
    const std::uint8_t* first = from.pixels.data() + static_cast<std::size_t>(index) * perImage;
    to.pixels.insert(to.pixels.end(), first, first + perImage);
    to.labels.push_back(from.labels[static_cast<std::size_t>(index)]);
}

} // namespace

Dataset Dataset::holdOutValidation(double fraction, std::uint64_t seed) const
{
    if (!(fraction > 0.0 && fraction < 1.0))
        throw Error(ErrorCode::InvalidArgument, "the validation fraction must be above 0 and below 1");
    const Data& source = *m_data;
    const std::size_t classes = std::max<std::size_t>(1, source.info.classNames.size());
    std::vector<std::vector<std::int64_t>> byClass(classes);
    for (std::int64_t i = 0; i < source.train.size(); ++i) {
        const auto label = static_cast<std::size_t>(source.train.labels[static_cast<std::size_t>(i)]);
        byClass[std::min(label, classes - 1)].push_back(i);
    }
    std::vector<char> held(static_cast<std::size_t>(source.train.size()), 0);
    std::uint64_t state = seed ^ 0x5eed0fda7a5e7ULL;
    for (auto& indices : byClass) {
        for (std::size_t i = indices.size(); i > 1; --i)
            std::swap(indices[i - 1], indices[mix(state) % i]);
        const auto count = static_cast<std::size_t>(std::llround(fraction * static_cast<double>(indices.size())));
        for (std::size_t k = 0; k < std::min(count, indices.size()); ++k)
            held[static_cast<std::size_t>(indices[k])] = 1;
    }

    Data split;
    split.info = source.info;
    const auto perImage = static_cast<std::size_t>(source.info.shape.elementCount());
    // Both parts keep the original order of the training set, so only membership is random.
    for (std::int64_t i = 0; i < source.train.size(); ++i)
        copySample(source.train, i, perImage, held[static_cast<std::size_t>(i)] != 0 ? split.test : split.train);
    if (split.train.size() == 0 || split.test.size() == 0)
        throw Error(ErrorCode::InvalidArgument,
            "a validation fraction of " + std::to_string(fraction) + " leaves an empty training or validation split",
            {source.info.root.string()});
    split.info.trainCount = split.train.size();
    split.info.testCount = split.test.size();
    char text[96];
    std::snprintf(text, sizeof text, "validation (%g %% of train, seed %llu)", fraction * 100.0,
        static_cast<unsigned long long>(seed));
    split.info.evaluationSplit = text;
    return Dataset(std::make_shared<const Data>(std::move(split)));
}

} // namespace cnnwb::engine
