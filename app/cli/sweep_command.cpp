// cnnwb sweep: the trials of an experiment's sweep, a queue of `cnnwb train` runs in one folder, with
// successive halving; run again, it continues where it stopped (docs/sweeps.md).

#include "commands.h"
#include "exit_codes.h"
#include "interrupt.h"
#include "sweep_console.h"
#include "train_options.h"

#include "cnnwb/engine.h"
#include "cnnwb/engine/sweep/sweep_plan.h"
#include "cnnwb/engine/sweep/sweep_runner.h"

#include <CLI/App.hpp>

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

namespace cnnwb::app {
namespace {

int usageError(const std::string& message)
{
    std::fprintf(stderr, "cnnwb sweep: %s\n", message.c_str());
    return kExitUsage;
}

// The trials vary the model's layers by their keys: a sweep over the seed CNN or a preset needs
// the model as it will train, fitted to the data.
engine::Experiment resolvedExperiment(TrainPlan plan)
{
    if (plan.modelGiven && !plan.fitModelToData)
        return std::move(plan.experiment);
    const engine::DatasetInfo data = engine::Dataset::inspect(plan.experiment.dataFolder, plan.experiment.data);
    const int classes = static_cast<int>(data.classNames.size());
    plan.experiment.model = plan.modelGiven ? engine::adaptToDataset(plan.experiment.model, data.shape, classes)
                                            : engine::seedModelSpec(data.shape, classes);
    return std::move(plan.experiment);
}

// Ctrl+C or SIGTERM: the trials stop after their batch, keeping their checkpoints.
class InterruptWatch {
public:
    explicit InterruptWatch(engine::TrainingControl& control)
        : m_thread([this, &control] {
            while (!m_done.load()) {
                if (interrupted())
                    control.requestStop();
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
            }
        })
    {
    }
    ~InterruptWatch()
    {
        m_done = true;
        m_thread.join();
    }
    InterruptWatch(const InterruptWatch&) = delete;
    InterruptWatch& operator=(const InterruptWatch&) = delete;

private:
    std::atomic<bool> m_done{false};
    std::thread m_thread;
};

void listTrials(const engine::Experiment& experiment)
{
    for (const engine::SweepTrial& trial : engine::planTrials(experiment)) {
        std::printf("trial %d:", trial.index + 1);
        for (std::size_t i = 0; i < trial.values.size(); ++i)
            std::printf(
                " %s=%s", experiment.sweep.parameters[i].key.c_str(), engine::sweepValueText(trial.values[i]).c_str());
        std::printf("\n");
    }
}

class SweepCommand : public Command {
public:
    [[nodiscard]] std::string name() const override { return "sweep"; }
    [[nodiscard]] std::string description() const override
    {
        return "Run an experiment's sweep: a trial per combination or draw, K at once, weak ones halved; run "
               "again to continue (docs/sweeps.md)";
    }

    void addOptions(CLI::App& app) override
    {
        m_options.addTo(app);
        app.add_option("--parallel", m_parallel,
               "Trials at once: CPU processes share the cores evenly; default the sweep's own (on CUDA one per GPU)")
            ->check(CLI::Range(1, 256));
        app.add_option("--trial", m_trial, "Run only this trial (1-based): one task of a Slurm array job")
            ->check(CLI::Range(1, 100000));
        app.add_option("--slurm", m_slurmFolder,
            "Write experiment.json and sweep.sbatch (a Slurm array job, a task per trial) into this folder and exit");
        app.add_option("--slurm-time", m_slurmTime, "Slurm time limit per trial")->capture_default_str();
        app.add_flag("--list", m_list, "Print the trials (their values) and exit");
    }

    int run() override
    {
        const TrainInputs inputs = m_options.inputs();
        if (!inputs.resumeFile.empty())
            return usageError("a sweep continues when the same command runs again; --resume is for cnnwb train");
        TrainPlan plan = mergeTrainOptions(inputs);
        if (plan.experiment.dataFolder.empty())
            return usageError("sweep needs --experiment FILE (with a \"sweep\") and data (see cnnwb sweep --help)");
        if (plan.experiment.sweep.empty())
            return usageError("the experiment has no sweep: add a \"sweep\" with the settings to vary "
                              "(docs/sweeps.md; resources/sweeps/ has examples)");
        engine::Experiment experiment = resolvedExperiment(std::move(plan));
        if (m_list) {
            listTrials(experiment);
            return 0;
        }
        if (!m_slurmFolder.empty())
            return writeSlurm(experiment);
        if (m_options.outDir().empty())
            return usageError("sweep needs --out DIR: the sweep's folder (a run folder per trial, index.json/.csv)");
        return runSweep(std::move(experiment));
    }

private:
    int writeSlurm(const engine::Experiment& experiment) const
    {
        for (const auto& file : engine::writeSweepSlurm(experiment, m_slurmFolder,
                 m_parallel > 0 ? m_parallel : std::max(1, experiment.sweep.parallel), m_slurmTime))
            std::printf("wrote %s\n", file.c_str());
        std::printf("\nOn a Slurm cluster, from that folder:  sbatch sweep.sbatch\n");
        return 0;
    }

    int runSweep(engine::Experiment experiment) const
    {
        catchInterrupts();
        engine::SweepRunOptions options;
        options.folder = m_options.outDir();
        options.trainer = std::filesystem::read_symlink("/proc/self/exe");
        options.parallel = m_parallel;
        options.overwrite = m_options.overwrite();
        options.onlyTrial = m_trial - 1;
        engine::TrainingControl control;
        SweepConsole console(::isatty(STDOUT_FILENO) == 1);
        engine::SweepRunner runner(std::move(experiment), options);
        engine::SweepIndex index;
        {
            const InterruptWatch watch(control);
            index = runner.run(&console, &control);
        }
        if (::isatty(STDOUT_FILENO) != 1)
            std::fputs(SweepConsole::table(index).c_str(), stdout);
        std::printf("index: %s, %s\n", (index.folder / "index.json").c_str(), (index.folder / "index.csv").c_str());
        if (!index.complete) {
            std::printf("stopped: run the same command again to continue\n");
            return kExitInterrupted;
        }
        return 0;
    }

    TrainOptions m_options;
    int m_parallel = 0;
    int m_trial = 0;
    std::string m_slurmFolder;
    std::string m_slurmTime = "04:00:00";
    bool m_list = false;
};

} // namespace

std::unique_ptr<Command> makeSweepCommand()
{
    return std::make_unique<SweepCommand>();
}

} // namespace cnnwb::app
