#pragma once

#include "cnnwb/engine/core/named_array.h"
#include "cnnwb/engine/core/phrase.h"
#include "cnnwb/engine/data/dataset.h"
#include "cnnwb/engine/records/experiment.h"
#include "cnnwb/engine/train/training_metrics.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace cnnwb::engine {

/// Which data a run trained on: enough to refuse resuming on other data, wherever it now lies.
struct DatasetIdentity {
    std::string name;
    std::string format;
    ImageShape shape;
    std::int64_t trainCount = 0;
    std::int64_t testCount = 0;
    std::vector<std::string> classNames;
    std::string fingerprint; ///< 16 hex digits over every label and pixel of both splits

    [[nodiscard]] std::string describe() const; ///< "CIFAR-10 (ImageFolder, 50000 + 10000 images, 3x32x32)"
    friend bool operator==(const DatasetIdentity&, const DatasetIdentity&) = default;
};

/// Reads every byte once (about 0.2 s for CIFAR-10).
[[nodiscard]] DatasetIdentity identifyDataset(const Dataset& dataset);

/// What a checkpoint holds besides its tensors: enough to continue the run exactly.
struct CheckpointInfo {
    static constexpr int kVersion = 1;

    Experiment experiment; ///< the model, data folder and settings the run used
    DatasetIdentity dataset;
    std::string device;                ///< where it was trained, e.g. "cuda:0"
    std::string engineVersion;         ///< the cnnwb version that wrote it
    int epoch = 1;                     ///< the epoch training continues in (1-based)
    int batch = 0;                     ///< batches of that epoch already done
    std::int64_t step = 0;             ///< optimisation steps done
    std::vector<EpochMetrics> history; ///< the finished epochs
    int bestEpoch = 0;
    double bestTestAccuracy = 0.0;
    int epochsWithoutImprovement = 0;
    std::string shuffleState;    ///< the shuffling engine as it was before `epoch` was shuffled
    double partialLossSum = 0.0; ///< of the batches already done in `epoch`
    std::int64_t partialCorrect = 0;
    std::int64_t partialSeen = 0;
    double lossScale = 1.0; ///< fp16 loss scaling
    std::int64_t cleanSteps = 0;
    /// Processes of the run that wrote it; experiment.training.batchSize is per process, so the
    /// global batch was batchSize × worldSize (a resume keeps that global batch).
    int worldSize = 1;

    /// "epoch 3 of 10 done" / "epoch 4 of 10, 120 batches done": where the run stands.
    [[nodiscard]] std::string describePosition() const;
    /// The same as a phrase, for the window to translate.
    [[nodiscard]] Phrase positionPhrase() const;
};

[[nodiscard]] std::string checkpointInfoToJson(const CheckpointInfo& info);
/// Throws Error(InvalidData) naming `source`.
[[nodiscard]] CheckpointInfo checkpointInfoFromJson(const std::string& json, const std::string& source);

/// A saved training state: model weights (parameters and BatchNorm statistics), optimizer state,
/// random-number generator states and CheckpointInfo. The file is a PyTorch zip archive of plain
/// values (a dict of tensors, numbers and strings), so Python's torch.load(..., weights_only=True)
/// reads it too. Loading never runs code from the file.
class Checkpoint {
public:
    /// Throws Error(InvalidData) for a damaged file or one that is not a checkpoint, Error(Io) when
    /// it cannot be read; both name the file.
    [[nodiscard]] static Checkpoint load(const std::filesystem::path& file);
    /// load() of a checkpoint file's bytes held in memory (a fuzzer's input); errors name `source`.
    [[nodiscard]] static Checkpoint read(std::span<const std::uint8_t> bytes, const std::string& source);

    /// Atomically (a crash leaves the previous file); throws Error(Io) naming the file.
    void save(const std::filesystem::path& file) const;
    /// The weights alone as a state dict for Python's nn.Sequential (torch.load + load_state_dict).
    void saveStateDict(const std::filesystem::path& file) const;

    [[nodiscard]] const CheckpointInfo& info() const noexcept;
    /// Parameters and buffers in the model's order, as float32.
    [[nodiscard]] std::vector<NamedArray> weights() const;

    struct State; // the tensors; complete only inside the engine's LibTorch sources
    explicit Checkpoint(std::shared_ptr<const State> state);
    [[nodiscard]] const State& state() const noexcept;

private:
    std::shared_ptr<const State> m_state;
};

/// The differences between the parameters and buffers `spec` builds and those in `checkpoint`,
/// one line each ("0.weight: checkpoint 32x3x3x3, model 16x3x3x3", "4.bias: only in the model");
/// empty when they match.
[[nodiscard]] std::vector<std::string> architectureMismatches(const ModelSpec& spec, const Checkpoint& checkpoint);

} // namespace cnnwb::engine
