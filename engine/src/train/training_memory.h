#pragma once

#include "cnnwb/engine/model/model_analysis.h"

namespace cnnwb::engine {

/// Throws Error(InvalidArgument) before a model is built when training it cannot fit the memory
/// budget: on the CPU the estimate for a batch (weights, gradients, Adam's moments, activations);
/// on a GPU, whose own memory LibTorch reports when it runs out, the weights the host builds first.
void checkTrainingMemory(const ModelAnalysis& analysis, int batchSize, bool onCpu);

} // namespace cnnwb::engine
