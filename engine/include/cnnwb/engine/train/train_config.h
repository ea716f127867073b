#pragma once

#include "cnnwb/engine/augment/augmentation.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace cnnwb::engine {

enum class OptimizerKind { Sgd, Adam, AdamW };
enum class ScheduleKind { Constant, Step, Cosine, OneCycle };
/// Arithmetic on CUDA; the CPU always trains in float32. Auto = bfloat16 where the GPU supports it.
enum class PrecisionKind { Auto, Float32, BFloat16, Float16 };

/// Hyperparameters and run settings of one training run. Defaults are the seed article's:
/// Adam, learning rate 1e-3, batch 64, shuffled every epoch, cross-entropy, constant rate.
struct TrainConfig {
    int epochs = 1;
    int batchSize = 64; ///< per process: a distributed run's global batch is batchSize × world size
    OptimizerKind optimizer = OptimizerKind::Adam;
    double learningRate = 1e-3; ///< the peak rate for schedules
    double momentum = 0.9;      ///< SGD
    bool nesterov = false;      ///< SGD
    double weightDecay = 0.0;   ///< L2 for SGD/Adam, decoupled for AdamW
    ScheduleKind schedule = ScheduleKind::Constant;
    int warmupEpochs = 0; ///< linear warm-up from ~0 to the rate (not with one-cycle: it has its own)
    int stepEpochs = 10;  ///< Step: multiply the rate by stepGamma every stepEpochs epochs
    double stepGamma = 0.1;
    double labelSmoothing = 0.0;   ///< 0..1
    double gradientClipNorm = 0.0; ///< clip the global gradient norm to this; 0 = off
    int earlyStoppingPatience = 0; ///< stop after this many epochs without a better test accuracy; 0 = off
    std::string device = "auto";   ///< "auto", "cpu", "cuda" or "cuda:K"
    PrecisionKind precision = PrecisionKind::Auto;
    std::uint64_t seed = 0;        ///< model initialisation, shuffling and augmentation
    AugmentationSpec augmentation; ///< random ops on training images; its normalization on all
    /// Evaluate on this fraction of train, held out per class by validationSeed, instead of the
    /// dataset's test split; 0 = the test split.
    double validationFraction = 0.0;
    std::uint64_t validationSeed = 0;
    int threads = 0; ///< CPU threads for LibTorch; 0 = one per core
    /// Distributed runs: BatchNorm statistics over the global batch instead of each rank's share.
    bool syncBatchNorm = false;
    std::filesystem::path outDir; ///< where weights and metrics go; empty = nothing written
    /// Replace another run found in outDir instead of refusing to mix with it (a resumed run
    /// continues in a folder without it). Not part of an experiment: it is how this run is started.
    bool overwrite = false;
    /// Stop after this epoch (1-based) as a stop request would, keeping last.ckpt, although the run
    /// plans `epochs` (its schedule included): a sweep's trial that pauses at a rung of successive
    /// halving, to be resumed to the full run. 0 = train all epochs. Not part of an experiment.
    int stopAfterEpoch = 0;
    int evalBatchSize = 1000; ///< batch size for evaluation (memory only, not results)
    /// Start from these weights instead of a random initialisation (a fresh run; a resumed one has
    /// its own): a state dict (.pth, torchvision's included) or an earlier run's checkpoint (.ckpt).
    /// pretrained_weights.h says what is taken.
    std::filesystem::path initialWeights;
    /// The learning rate of the layers the weights came into, as a share of learningRate: below 1
    /// fine-tunes the pretrained part more gently than the new head.
    double pretrainedLearningRateScale = 1.0;
    /// Sample every layer's health (docs/layer-health.md) every this many steps; 0 = off. Cheap
    /// enough to leave on: one sampled step in fifty costs about 1 % of the run.
    int healthEvery = 50;
    /// Also write TensorBoard event files (scalars, histograms, filters, hyperparameters) here;
    /// empty = none.
    std::filesystem::path tensorboardDir;
};

/// Throws Error(InvalidArgument) naming the first setting out of range.
void validate(const TrainConfig& config);

/// The learning rate at optimisation step `step` (0-based) of a run with `stepsPerEpoch` steps per
/// epoch: warm-up, then the schedule. One-cycle follows PyTorch's OneCycleLR defaults (30 % rise
/// from rate/25, cosine fall to rate/25/1e4).
[[nodiscard]] double learningRateAt(const TrainConfig& config, std::int64_t step, std::int64_t stepsPerEpoch);

[[nodiscard]] std::string_view optimizerName(OptimizerKind kind) noexcept; ///< "sgd", "adam", "adamw"
[[nodiscard]] std::string_view scheduleName(ScheduleKind kind) noexcept;   ///< "constant", "step", "cosine", "onecycle"
[[nodiscard]] std::string_view precisionName(PrecisionKind kind) noexcept; ///< "auto", "fp32", "bf16", "fp16"
/// Parse the names above; false when unknown.
bool parseOptimizer(std::string_view name, OptimizerKind& kind) noexcept;
bool parseSchedule(std::string_view name, ScheduleKind& kind) noexcept;
bool parsePrecision(std::string_view name, PrecisionKind& kind) noexcept;

} // namespace cnnwb::engine
