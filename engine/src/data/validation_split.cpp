// Dataset::holdOutValidation: a seeded, stratified validation split of the training images.

#include "cnnwb/engine/data/dataset.h"

#include "data/dataset_data.h"
#include "data/stratified_split.h"

#include "cnnwb/engine/core/error.h"

#include <cstdio>
#include <cstring>

namespace cnnwb::engine {
namespace {

// A streamed split moves the sample's file; one in memory, its pixels.
void copySample(const SplitData& from, std::int64_t index, std::size_t perImage, SplitData& to)
{
    const auto i = static_cast<std::size_t>(index);
    if (!from.files.empty()) {
        to.files.push_back(from.files[i]);
    } else {
        const std::uint8_t* first = from.pixels.data() + i * perImage;
        to.pixels.insert(to.pixels.end(), first, first + perImage);
    }
    to.labels.push_back(from.labels[i]);
}

} // namespace

Dataset Dataset::holdOutValidation(double fraction, std::uint64_t seed) const
{
    if (!(fraction > 0.0 && fraction < 1.0))
        throw Error(ErrorCode::InvalidArgument, "the validation fraction must be above 0 and below 1");
    const Data& source = *m_data;
    // Labels are int64 already: the split reads them in place.
    const std::vector<char> held
        = stratifiedHoldOut(source.train.labels, source.info.classNames.size(), fraction, seed ^ 0x5eed0fda7a5e7ULL);

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
