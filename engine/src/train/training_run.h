#pragma once

#include "augment/batch_normalizer.h"
#include "data/split_tensors.h"
#include "train/batch_reporter.h"
#include "train/batch_stream.h"
#include "train/data_parallel.h"
#include "train/mixed_precision.h"
#include "train/run_insight.h"
#include "train/run_outputs.h"

#include "cnnwb/engine/core/device_info.h"
#include "cnnwb/engine/train/trainer.h"

#include <torch/nn/functional/loss.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/optim/optimizer.h>

#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace cnnwb::engine {

/// What one run starts from (Trainer::run prepares it).
struct RunInputs {
    const TrainConfig& config;
    ModelSpec spec;
    const Dataset& dataset;
    TrainingObserver* observer = nullptr;
    TrainingControl* control = nullptr;
    const Checkpoint* resume = nullptr;
    std::map<std::string, std::string> environment;
    std::optional<DistributedSetup> distributed; ///< only for more than one process
};

/// One training run, in phases: set-up (device, model, optimizer, data on the device, the output
/// folder), restore (a checkpoint's position and history), one epoch after another (each a loop of
/// steps between a pause/stop check), the end of each epoch (evaluation, metrics, best and last
/// checkpoints, early stopping), and finish (weights, manifest).
class TrainingRun {
public:
    explicit TrainingRun(RunInputs inputs);

    RunResult execute();
    /// The run failed: say so in its manifest (if it got that far), without masking the error.
    void recordFailure(const std::string& message) noexcept { m_outputs.recordFailure(message); }

private:
    /// The running state of one epoch.
    struct Epoch {
        EpochProgress progress;
        std::mt19937_64 shuffleAtStart; ///< what a mid-epoch checkpoint saves
        torch::Tensor permutation;      ///< the epoch's order of the training images, on the device
        torch::Tensor lossSum;          ///< float64, on the device
        torch::Tensor correct;          ///< int64, on the device
        int firstBatch = 0;
        double learningRate = 0.0;
        std::int64_t resumedSeen = 0; ///< images of all ranks trained before a resume in this epoch
        int stoppedAt = 0;            ///< batches done when a stop came
    };
    /// Which images one step trains on.
    struct BatchSlice {
        std::int64_t begin = 0; ///< in the epoch's order
        std::int64_t end = 0;
        std::int64_t count = 0; ///< this rank's share
        torch::Tensor index;    ///< this rank's share as indices into the training split
        const std::int64_t* indices = nullptr;
    };

    // set-up
    void setUp();
    void chooseDevice();
    void checkModelFitsData() const;
    void setUpDevice();
    void buildNetwork();
    void startFromWeights();
    void announce();
    [[nodiscard]] RunManifest startManifest() const;
    void chooseProbeBatch();
    // restore
    void restore();
    void startInsight();
    void warnIfScheduleReplanned(const TrainConfig& saved) const;
    // epochs and steps
    bool runEpoch(int epoch);
    [[nodiscard]] Epoch beginEpoch(int epoch);
    bool mayTakeStep(Epoch& e, int batch);
    void trainStep(Epoch& e, int batch);
    [[nodiscard]] BatchSlice sliceBatch(const Epoch& e, int batch);
    /// Streamed: hands the stream this rank's images of the epoch's batches from `firstBatch` on.
    void streamEpoch(int epoch, int firstBatch);
    [[nodiscard]] torch::Tensor streamedInputs();
    [[nodiscard]] torch::Tensor batchInputs(const BatchSlice& slice, int epoch);
    [[nodiscard]] torch::Tensor forwardLoss(
        const torch::Tensor& inputs, const torch::Tensor& targets, const BatchSlice& slice, torch::Tensor& logits);
    void backwardAndStep(const torch::Tensor& loss, bool stopVote);
    void recordStep(Epoch& e, int batch, const BatchSlice& slice, const torch::Tensor& logits,
        const torch::Tensor& targets, const torch::Tensor& loss);
    void noteHealth(const Epoch& e, std::int64_t step, const torch::Tensor& inputs, const torch::Tensor& targets,
        const torch::Tensor& loss);
    // end of an epoch
    bool endEpoch(Epoch& e);
    [[nodiscard]] EpochMetrics measureEpoch(const Epoch& e, const EpochTotals& totals);
    bool judgeEpoch(const EpochMetrics& metrics);
    bool stopsEarly(int epoch);
    bool reachedStopEpoch(int epochsDone);
    // finish
    RunResult finish();

    // helpers
    [[nodiscard]] EpochTotals epochTotals(const Epoch& e);
    [[nodiscard]] std::shared_ptr<const Checkpoint::State> midEpochState(Epoch& e, int batch);
    [[nodiscard]] std::shared_ptr<const Checkpoint::State> captureState(
        int epoch, int batch, const std::mt19937_64& shuffle, const EpochTotals& partial);
    void saveRequested(const std::filesystem::path& file, const std::shared_ptr<const Checkpoint::State>& state);
    void shareBatchNormStatistics();
    [[nodiscard]] torch::Tensor augmentedBatch(const std::int64_t* indices, std::int64_t count, int epoch);
    void clip();
    [[nodiscard]] int world() const noexcept { return m_parallel ? m_parallel->world() : 1; }
    [[nodiscard]] int rank() const noexcept { return m_parallel ? m_parallel->rank() : 0; }

    static constexpr int kBatchesPerRead = 16;

    // what the run was given
    const TrainConfig& m_config;
    ModelSpec m_spec;
    const Dataset& m_dataset;
    const Dataset::Data& m_data;
    TrainingObserver* m_observer;
    TrainingControl* m_control;
    std::int64_t m_classes;
    const Checkpoint* m_resume;
    std::map<std::string, std::string> m_environment;
    std::optional<DistributedSetup> m_distributed;

    // set up once
    int m_threads = 0;
    DeviceInfo m_devices;
    torch::Device m_device{torch::kCPU};
    DatasetIdentity m_identity;
    bool m_channelsLast = false;
    MixedPrecision m_precision;
    std::optional<BatchNormalizer> m_normalizer; ///< made once the device is known
    std::optional<DataParallel> m_parallel;      ///< set while a distributed run has more than one rank
    torch::nn::Sequential m_model{nullptr};
    std::unique_ptr<torch::optim::Optimizer> m_optimizer;
    std::vector<int> m_pretrainedLayers;      ///< the layers TrainConfig::initialWeights filled
    std::vector<double> m_learningRateScales; ///< per optimizer parameter group
    SplitTensors m_train;                     ///< streamed: labels only
    SplitTensors m_test;                      ///< streamed: labels only (evaluateSplit decodes the images)
    std::unique_ptr<BatchStream> m_stream;    ///< set when the dataset is streamed
    double m_waitBefore = 0.0;                ///< the stream's wait at the start of this epoch
    std::int64_t m_globalBatch = 0;
    int m_batchesPerEpoch = 0;
    RunInfo m_info;
    torch::nn::functional::CrossEntropyFuncOptions m_lossOptions;
    RunOutputs m_outputs;
    BatchReporter m_reporter;
    RunInsight m_insight;
    torch::Tensor m_probeInputs;  ///< normalized training images the epoch's histograms come from
    torch::Tensor m_probeTargets; ///< their labels
    bool m_sampling = false;      ///< the step running now is a health sample

    // where the run is
    RunResult m_result;
    // Shuffling uses its own seeded engine so the order depends on the seed alone, not on how many
    // random numbers LibTorch drew for initialisation.
    std::mt19937_64 m_shuffle;
    std::vector<std::int64_t> m_order;
    std::vector<std::int64_t> m_localIndices;
    std::int64_t m_step = 0;
    int m_epochsWithoutImprovement = 0;
    int m_firstEpoch = 1;
    int m_resumeBatch = 0;
    bool m_stopAgreed = false; ///< distributed: some rank asked to stop; all stop before the same step
};

} // namespace cnnwb::engine
