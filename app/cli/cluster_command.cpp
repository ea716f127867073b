// cnnwb cluster: an experiment with a torchrun script and a Slurm batch script (docs/distributed.md).

#include "commands.h"
#include "whole_number.h"

#include "cnnwb/engine/distributed/cluster_launch.h"
#include "cnnwb/engine/records/experiment.h"

#include <CLI/App.hpp>

#include <cstdio>

namespace cnnwb::app {
namespace {

class ClusterCommand : public Command {
public:
    [[nodiscard]] std::string name() const override { return "cluster"; }
    [[nodiscard]] std::string description() const override
    {
        return "Write an experiment with a torchrun script and a Slurm batch script that train it data-parallel "
               "(docs/distributed.md)";
    }

    void addOptions(CLI::App& app) override
    {
        engine::ClusterLaunch& launch = m_launch;
        app.add_option("--experiment", m_experiment, "Experiment file to train")->required();
        app.add_option("--to", m_folder, "Folder to write experiment.json, torchrun.sh and slurm.sbatch into")
            ->required();
        addWholeNumber(app, "--nodes", launch.nodes, "Nodes")->capture_default_str()->check(CLI::Range(1, 100000));
        addWholeNumber(app, "--gpus-per-node", launch.gpusPerNode, "GPUs (processes) per node")
            ->capture_default_str()
            ->check(CLI::Range(1, 1024));
        addWholeNumber(app, "--cpus-per-gpu", launch.cpusPerGpu, "CPU cores per GPU, for loading and augmentation")
            ->capture_default_str()
            ->check(CLI::Range(1, 1024));
        app.add_option("--time", launch.timeLimit, "Slurm time limit, [days-]hours:minutes:seconds")
            ->capture_default_str();
        app.add_option("--partition", launch.partition, "Slurm partition");
        app.add_option("--account", launch.account, "Slurm account");
        app.add_option("--job-name", launch.jobName, "Slurm job name")->capture_default_str();
        app.add_option(
            "--data", launch.dataFolder, "The data folder as the cluster sees it (default: the experiment's)");
        app.add_option("--container", launch.containerImage, "Apptainer image to run cnnwb in");
        addWholeNumber(app, "--port", launch.masterPort, "Rendezvous port on the first node")
            ->capture_default_str()
            ->check(CLI::Range(1, 65535));
    }

    int run() override
    {
        const auto files = engine::writeClusterLaunch(engine::loadExperiment(m_experiment), m_launch, m_folder);
        for (const auto& file : files)
            std::printf("wrote %s\n", file.c_str());
        std::printf("\nOn a Slurm cluster, from that folder:  sbatch slurm.sbatch\nOn one machine with %d GPU(s):  "
                    "bash torchrun.sh\n",
            m_launch.gpusPerNode);
        return 0;
    }

private:
    std::string m_experiment;
    std::string m_folder;
    engine::ClusterLaunch m_launch;
};

} // namespace

std::unique_ptr<Command> makeClusterCommand()
{
    return std::make_unique<ClusterCommand>();
}

} // namespace cnnwb::app
