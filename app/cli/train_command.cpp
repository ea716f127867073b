// cnnwb train: a model on a dataset, from flags, an experiment file or a checkpoint to resume; one
// rank of a data-parallel run under torchrun or srun.

#include "commands.h"
#include "console_observer.h"
#include "error_exit.h"
#include "exit_codes.h"
#include "interrupt.h"
#include "train_options.h"

#include "cnnwb/engine.h"

#include <CLI/App.hpp>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/spdlog.h>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <thread>

namespace cnnwb::app {
namespace {

// One process per core share: torchrun sets OMP_NUM_THREADS (1 by default with several processes),
// otherwise the node's cores are split between its processes.
int threadsPerRank()
{
    if (const char* omp = std::getenv("OMP_NUM_THREADS"); omp != nullptr && std::atoi(omp) > 0)
        return std::atoi(omp);
    int local = 1;
    if (const char* n = std::getenv("LOCAL_WORLD_SIZE"); n != nullptr && std::atoi(n) > 0)
        local = std::atoi(n);
    else if (const char* tasks = std::getenv("SLURM_NTASKS_PER_NODE"); tasks != nullptr && std::atoi(tasks) > 0)
        local = std::atoi(tasks);
    const auto cores = static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
    return std::max(1, cores / local);
}

// Rank 0 speaks for the run; the others only warn and fail, marked with their rank.
void quietenOtherRank(int rank)
{
    if (std::freopen("/dev/null", "w", stdout) == nullptr)
        spdlog::warn("could not silence rank {}'s standard output", rank);
    // Rank 0 alone writes the log file; the others' warnings and errors go to their stderr, which
    // torchrun and Slurm keep per rank.
    spdlog::apply_all([&](const std::shared_ptr<spdlog::logger>& logger) {
        auto& sinks = logger->sinks();
        sinks.erase(std::remove_if(sinks.begin(), sinks.end(),
                        [](const spdlog::sink_ptr& sink) {
                            return std::dynamic_pointer_cast<spdlog::sinks::rotating_file_sink_mt>(sink) != nullptr;
                        }),
            sinks.end());
        logger->set_pattern("[rank " + std::to_string(rank) + "] [%n] [%l] %v");
    });
}

// torchrun or srun: this process is one rank of a data-parallel run (docs/distributed.md).
std::optional<engine::DistributedSetup> detectDistributed(engine::TrainConfig& config, int timeoutSeconds)
{
    std::optional<engine::DistributedSetup> distributed = engine::detectDistributedLaunch();
    if (distributed && timeoutSeconds > 0)
        distributed->timeout = std::chrono::seconds(timeoutSeconds);
    if (distributed && distributed->distributed()) {
        if (config.threads == 0)
            config.threads = threadsPerRank();
        if (distributed->rank != 0)
            quietenOtherRank(distributed->rank);
    }
    return distributed;
}

void describeInput(const engine::DatasetInfo& info, const engine::TrainConfig& config)
{
    if (config.augmentation.any())
        std::printf("augmentation: %s\n", engine::describe(config.augmentation).c_str());
    std::printf("dataset %s (%s): %zu classes, images %s\n", info.name.c_str(),
        std::string(engine::datasetFormatName(info.format)).c_str(), info.classNames.size(),
        info.shape.toString().c_str());
    if (info.sizeChoice == engine::SizeChoice::Default)
        std::printf("the images differ in size (%dx%d to %dx%d among %d looked at): brought to %dx%d by %s; "
                    "--input-size chooses another\n",
            info.smallestImage.width, info.smallestImage.height, info.largestImage.width, info.largestImage.height,
            info.imagesLookedAt, info.shape.width, info.shape.height,
            std::string(engine::resizePolicyName(info.options.resize)).c_str());
    if (info.layout != engine::FolderLayout::TrainTest)
        std::printf("no test folder: the test split is %s, %lld images\n", info.evaluationSplit.c_str(),
            static_cast<long long>(info.testCount));
    if (!(config.augmentation.normalize == engine::Normalization{}))
        std::printf(
            "normalization: %s\n", engine::describe(config.augmentation.normalize, info.shape.channels).c_str());
    if (config.validationFraction > 0.0)
        std::printf("evaluating on %.0f %% of train held out (seed %llu), not on the test split\n",
            config.validationFraction * 100.0, static_cast<unsigned long long>(config.validationSeed));
}

// Fine-tuning: what the weights give (checked before the run, so that a file that does not fit
// is refused at once) and what stays frozen.
void describeStart(const engine::ModelSpec& spec, const engine::TrainConfig& config)
{
    if (!config.initialWeights.empty())
        std::printf("weights: %s\n", engine::checkInitialWeights(spec, config.initialWeights).describe().c_str());
    const engine::ModelAnalysis analysis = engine::analyzeModel(spec);
    std::int64_t trained = 0;
    int frozen = 0;
    for (std::size_t i = 0; i < spec.layers.size() && i < analysis.layers.size(); ++i) {
        if (spec.layers[i].trainable)
            trained += analysis.layers[i].parameters;
        else
            ++frozen;
    }
    if (frozen == 0)
        return;
    const int prefix = engine::frozenPrefix(spec);
    const std::string which = prefix == frozen ? "layers 0-" + std::to_string(prefix - 1) : "not only leading ones";
    std::printf("frozen: %d layer(s) (%s); %lld of %lld parameters train\n", frozen, which.c_str(),
        static_cast<long long>(trained), static_cast<long long>(analysis.parameters));
}

void resume(engine::Trainer& trainer, engine::Checkpoint checkpoint, int worldSize, ConsoleObserver& observer)
{
    std::printf("resuming from %s\n", checkpoint.info().describePosition().c_str());
    const engine::CheckpointInfo& saved = checkpoint.info();
    if (saved.worldSize != worldSize && trainer.config().batchSize == saved.experiment.training.batchSize)
        std::printf("the checkpoint trained on %d process(es) with a batch of %d each: continuing on %d with its "
                    "global batch of %d\n",
            saved.worldSize, saved.experiment.training.batchSize, worldSize,
            saved.experiment.training.batchSize * saved.worldSize);
    observer.setEpochsFromCheckpoint(static_cast<int>(saved.history.size()));
    trainer.resumeFrom(std::move(checkpoint));
}

int reportResult(const engine::RunResult& result)
{
    if (!result.weightsPath.empty())
        std::printf("weights saved to %s\nmetrics saved to %s\ncheckpoint (to resume) saved to %s\n",
            result.weightsPath.c_str(), result.metricsPath.c_str(), result.lastCheckpointPath.c_str());
    if (result.earlyStopped)
        std::printf(
            "early stop: best test accuracy %.2f %% in epoch %d\n", 100.0 * result.bestTestAccuracy, result.bestEpoch);
    if (result.reachedStopEpoch) {
        std::printf("stopped after epoch %zu as --stop-after-epoch asked; --resume with last.ckpt continues\n",
            result.epochs.size());
        return 0;
    }
    if (result.stopped) {
        if (result.stoppedInEpoch > 0)
            std::printf("stopped in epoch %d after %d batch(es), %zu complete epoch(s) before it%s\n",
                result.stoppedInEpoch, result.stoppedAfterBatches, result.epochs.size(),
                result.lastCheckpointPath.empty() ? "" : "; --resume with last.ckpt continues from there");
        else
            std::printf("stopped after %zu complete epoch(s)\n", result.epochs.size());
        return kExitInterrupted;
    }
    return 0;
}

// The model given, a preset named by --model fitted to the data.
engine::ModelSpec modelFor(const TrainPlan& plan, const engine::DatasetInfo& data)
{
    if (!plan.fitModelToData)
        return plan.experiment.model;
    return engine::adaptToDataset(plan.experiment.model, data.shape, static_cast<int>(data.classNames.size()));
}

int runTrain(TrainPlan plan, int distributedTimeout)
{
    catchInterrupts();
    engine::TrainConfig config = std::move(plan.experiment.training);
    std::optional<engine::DistributedSetup> distributed = detectDistributed(config, distributedTimeout);
    const engine::Dataset dataset = engine::Dataset::load(plan.experiment.dataFolder, plan.experiment.data);
    describeInput(dataset.info(), config);
    ConsoleObserver observer(::isatty(STDOUT_FILENO) == 1);
    engine::TrainingControl control;
    observer.setControl(&control);
    std::optional<engine::ModelSpec> model;
    if (plan.modelGiven)
        model = modelFor(plan, dataset.info());
    if (!plan.resume)
        describeStart(model
                ? *model
                : engine::seedModelSpec(dataset.info().shape, static_cast<int>(dataset.info().classNames.size())),
            config);
    engine::Trainer trainer(std::move(config), std::move(model));
    trainer.setEnvironment({{"front_end", "cnnwb"}});
    if (distributed) {
        std::printf("distributed: %s\n", distributed->describe().c_str());
        trainer.setDistributed(*distributed);
    }
    if (plan.resume)
        resume(trainer, std::move(*plan.resume), distributed ? distributed->worldSize : 1, observer);
    return reportResult(trainer.run(dataset, &observer, &control));
}

// --print-experiment: what would train, as an experiment file holds it; the model as the run would
// build it (a preset or the seed CNN fitted to the data).
int printExperiment(TrainPlan plan)
{
    if (!plan.modelGiven || plan.fitModelToData) {
        const engine::Dataset dataset = engine::Dataset::load(plan.experiment.dataFolder, plan.experiment.data);
        const engine::DatasetInfo& data = dataset.info();
        plan.experiment.model = plan.modelGiven
            ? modelFor(plan, data)
            : engine::seedModelSpec(data.shape, static_cast<int>(data.classNames.size()));
    }
    std::cout << engine::experimentToJson(plan.experiment) << '\n';
    return 0;
}

class TrainCommand : public Command {
public:
    [[nodiscard]] std::string name() const override { return "train"; }
    [[nodiscard]] std::string description() const override
    {
        return "Train a model (the seed CNN unless told otherwise) and report test accuracy per epoch";
    }

    void addOptions(CLI::App& app) override { m_options.addTo(app); }

    int run() override
    {
        TrainPlan plan = mergeTrainOptions(m_options.inputs());
        if (plan.experiment.dataFolder.empty())
            return usageError("train needs --data DIR or --experiment FILE (see cnnwb train --help)");
        if (m_options.printExperiment())
            return printExperiment(std::move(plan));
        plan.experiment.training.outDir = m_options.outDir();
        plan.experiment.training.overwrite = m_options.overwrite();
        plan.experiment.training.stopAfterEpoch = m_options.stopAfterEpoch();
        return runTrain(std::move(plan), m_options.distributedTimeout());
    }

private:
    TrainOptions m_options;
};

} // namespace

std::unique_ptr<Command> makeTrainCommand()
{
    return std::make_unique<TrainCommand>();
}

} // namespace cnnwb::app
