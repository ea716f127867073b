#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace cnnwb::engine {

/// Hyperparameters and run settings of one training run. Defaults are the seed article's:
/// Adam, learning rate 1e-3, batch 64, shuffled every epoch, cross-entropy.
struct TrainConfig {
    int epochs = 1;
    int batchSize = 64;
    double learningRate = 1e-3;
    std::string device = "auto"; ///< "auto", "cpu", "cuda" or "cuda:K"
    std::uint64_t seed = 0; ///< model initialisation and shuffling
    int threads = 0; ///< CPU threads for LibTorch; 0 = one per core
    std::filesystem::path outDir; ///< where weights and metrics go; empty = nothing written
    int evalBatchSize = 1000; ///< batch size for evaluation (memory only, not results)
};

/// Throws Error(InvalidArgument) naming the first setting out of range.
void validate(const TrainConfig& config);

} // namespace cnnwb::engine
