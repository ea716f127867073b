#pragma once

#include "insight/diagnostician.h"
#include "insight/layer_probe.h"
#include "records/health_log.h"
#include "records/tensorboard_writer.h"

#include "cnnwb/engine/train/train_config.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

namespace cnnwb::engine {

/// What a run learns about its own inside (docs/layer-health.md): every TrainConfig::healthEvery
/// steps a sample of each layer, at each epoch's end histograms, pictures and the diagnoses, kept
/// in the run folder's health.jsonl and, when asked for, in TensorBoard files.
class RunInsight {
public:
    RunInsight(const TrainConfig& config, const ModelSpec& spec, int classCount);
    /// A run that ends without finish() (an error, a diverged loss) ends its TensorBoard session
    /// as failed.
    ~RunInsight();
    RunInsight(const RunInsight&) = delete;
    RunInsight& operator=(const RunInsight&) = delete;

    /// Where the records go: `runFolder` (empty: none) and the TensorBoard folder of the config.
    /// A resumed run keeps what was measured before the point it continues at.
    /// `writes`: this process keeps the records (rank 0 of a distributed run).
    /// Returns what was measured before (a resumed run's kept record; empty otherwise).
    HealthRecord start(torch::nn::Sequential model, const std::filesystem::path& runFolder,
        const HealthLog::Continuation& from, bool writes);
    void startEpoch(int epoch);

    /// Whether the step about to run is sampled (its forward pass then goes through forward()).
    [[nodiscard]] bool samples(std::int64_t step) const noexcept;
    [[nodiscard]] torch::Tensor forward(const torch::Tensor& inputs) { return m_probe->forward(inputs); }
    void beforeStep() { m_probe->beforeStep(); }
    /// After a sampled step: the sample, with what it made fire. Keeps the inputs as the epoch's
    /// probe batch when the run has no fixed one (a streamed dataset).
    [[nodiscard]] std::optional<HealthSample> afterStep(int epoch, std::int64_t step, const torch::Tensor& loss,
        double learningRate, const torch::Tensor& inputs, const torch::Tensor& targets);

    /// The epoch's histograms and pictures from `probeInputs` (or the last sampled batch when
    /// undefined), with every diagnosis of the epoch; written with the epoch's metrics.
    [[nodiscard]] EpochHealth endEpoch(const std::vector<EpochMetrics>& history, const torch::Tensor& probeInputs,
        const torch::Tensor& probeTargets, const torch::nn::functional::CrossEntropyFuncOptions& loss);
    void finish(bool success);

    static constexpr std::int64_t kProbeImages = 64;

private:
    void writeTensorBoardSample(const HealthSample& sample);
    void writeTensorBoardEpoch(const EpochMetrics& metrics, const EpochHealth& health);
    void startTensorBoard(const std::filesystem::path& folder, const HealthLog::Continuation& from);

    const TrainConfig& m_config;
    ModelSpec m_spec;
    std::optional<LayerProbe> m_probe;
    Diagnostician m_diagnostician;
    std::unique_ptr<HealthLog> m_log;
    std::unique_ptr<TensorBoardWriter> m_tensorBoard;
    bool m_writes = false;
    bool m_finished = false;
    int m_epoch = 0;
    torch::Tensor m_lastInputs;
    torch::Tensor m_lastTargets;
};

} // namespace cnnwb::engine
