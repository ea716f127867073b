#include "cnnwb/engine/train/trainer.h"

#include "cnnwb/engine/core/logging.h"
#include "core/library_errors.h"
#include "train/training_run.h"

#include "cnnwb/engine/core/error.h"

namespace cnnwb::engine {

Trainer::Trainer(TrainConfig config, std::optional<ModelSpec> model)
    : m_config(std::move(config))
    , m_model(std::move(model))
{
}

void Trainer::setEnvironment(std::map<std::string, std::string> environment)
{
    m_environment = std::move(environment);
}

void Trainer::resumeFrom(Checkpoint checkpoint)
{
    m_resume = std::move(checkpoint);
}

void Trainer::setDistributed(DistributedSetup setup)
{
    m_distributed = std::move(setup);
}

RunResult Trainer::run(const Dataset& dataset, TrainingObserver* observer, TrainingControl* control)
{
    const int world = m_distributed ? m_distributed->worldSize : 1;
    if (m_resume && m_resume->info().worldSize != world
        && m_config.batchSize == m_resume->info().experiment.training.batchSize) {
        // Another number of processes continues the same run: keep its global batch, and with it
        // the batches, the steps per epoch and the learning-rate schedule.
        const CheckpointInfo& saved = m_resume->info();
        const std::int64_t global = std::int64_t{saved.experiment.training.batchSize} * saved.worldSize;
        if (global % world == 0) {
            m_config.batchSize = static_cast<int>(global / world);
            logInfo({"the checkpoint ran on %1 process(es): %2 process(es) keep its global batch of %3 with %4 per "
                     "process",
                {std::to_string(saved.worldSize), std::to_string(world), std::to_string(global),
                    std::to_string(m_config.batchSize)}});
        } else if (saved.batch == 0) {
            // Between epochs any global batch can go on; this one changes, and the run says so.
            logWarning({"the checkpoint's global batch of %1 cannot be shared evenly by %2 processes: continuing "
                        "with %3 per process, a global batch of %4",
                {std::to_string(global), std::to_string(world), std::to_string(m_config.batchSize),
                    std::to_string(std::int64_t{m_config.batchSize} * world)}});
        } else {
            throw Error(ErrorCode::InvalidArgument,
                "the checkpoint stopped in the middle of an epoch with a global batch of " + std::to_string(global)
                    + " on " + std::to_string(saved.worldSize) + " processes, which " + std::to_string(world)
                    + " processes cannot share evenly; resume it on a number of processes that divides "
                    + std::to_string(global));
        }
    }
    validate(m_config);
    ModelSpec spec
        = m_model ? *m_model : seedModelSpec(dataset.info().shape, static_cast<int>(dataset.info().classNames.size()));
    if (m_resume && !m_model)
        spec = m_resume->info().experiment.model;
    // A held-out part of train replaces the test split for the whole run (metrics, early stopping,
    // best checkpoint); the test split is left alone for a final check.
    const Dataset data = m_config.validationFraction > 0.0
        ? dataset.holdOutValidation(m_config.validationFraction, m_config.validationSeed)
        : dataset;
    // Rank 0 alone writes the run's folder.
    TrainConfig config = m_config;
    if (m_distributed && m_distributed->rank != 0)
        config.outDir.clear();
    TrainingRun run({config, std::move(spec), data, observer, control, m_resume ? &*m_resume : nullptr, m_environment,
        m_distributed && m_distributed->distributed() ? m_distributed : std::nullopt});
    // Every failure leaves as engine::Error (front ends catch exactly that) and is noted in the manifest.
    try {
        return run.execute();
    } catch (...) {
        Error error = toEngineError(std::current_exception(),
            {{}, "try a smaller batch size (now " + std::to_string(m_config.batchSize) + ")", {}});
        run.recordFailure(error.what());
        throw error;
    }
}

} // namespace cnnwb::engine
