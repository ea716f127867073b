#pragma once

#include "augment/batch_normalizer.h"
#include "data/split_tensors.h"

#include "cnnwb/engine/data/dataset.h"

#include "cnnwb/engine/insight/predictor.h"

#include <torch/nn/modules/container/sequential.h>

#include <cstdint>
#include <vector>

namespace cnnwb::engine {

class MixedPrecision;
class ProcessGroup;

/// What a pass over a split measured.
struct EvaluationResult {
    double loss = 0.0;                         ///< mean cross-entropy per image (0 for an empty split)
    std::int64_t count = 0;                    ///< images of the split (of all ranks, when sharded)
    std::vector<std::int64_t> confusion;       ///< classes x classes, row = true label, column = predicted
    std::vector<SamplePrediction> predictions; ///< per image, when asked for
};

/// The one evaluation pass, shared by the trainer (each epoch's test), the predictor (cnnwb
/// evaluate, the Results tab) and anything else that scores a model on a split: batches in
/// inference (no-grad) mode, the loss summed in float64, the confusion matrix counted on the
/// device, and read back once at the end.
class Evaluator {
public:
    Evaluator(torch::nn::Sequential model, const BatchNormalizer& normalizer, int classes);

    /// Inputs in channels-last memory, as the trainer uses on CUDA.
    Evaluator& channelsLast(bool on);
    /// The forward pass under the run's autocast.
    Evaluator& precision(const MixedPrecision* precision);
    /// Distributed: this rank evaluates every world-th image from its rank on; the sums are added up
    /// over the ranks, so every rank gets the whole split's metrics.
    Evaluator& shardOver(ProcessGroup* group);
    /// Also each image's predicted class and its confidence (not with shardOver).
    Evaluator& keepPredictions(bool on);

    /// Scores `split` (uint8 images on any device, labels) in batches of `batchSize`. The model's
    /// training mode is restored afterwards.
    [[nodiscard]] EvaluationResult run(const SplitTensors& split, std::int64_t batchSize);
    /// Scores a split of `dataset`: `tensors` when it is in memory; when it is streamed, the images
    /// decoded from their files a chunk at a time (labels from `tensors`), with the same result.
    [[nodiscard]] EvaluationResult run(
        const Dataset& dataset, Split split, const SplitTensors& tensors, std::int64_t batchSize);

private:
    torch::nn::Sequential m_model;
    const BatchNormalizer& m_normalizer;
    std::int64_t m_classes;
    bool m_channelsLast = false;
    const MixedPrecision* m_precision = nullptr;
    ProcessGroup* m_group = nullptr;
    bool m_keepPredictions = false;
};

} // namespace cnnwb::engine
