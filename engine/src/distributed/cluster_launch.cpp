#include "cnnwb/engine/distributed/cluster_launch.h"

#include "core/atomic_file.h"

#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/core/version.h"

#include <regex>
#include <system_error>

namespace cnnwb::engine {
namespace {

// One word for bash, whatever it holds: single quotes, with each ' written as '\''.
std::string quoted(const std::string& text)
{
    std::string out = "'";
    for (const char c : text) {
        if (c == '\'')
            out += "'\\''";
        else
            out += c;
    }
    return out + "'";
}

// What follows `cnnwb` on the command line of every rank.
std::string trainArguments(const ClusterLaunch& launch, const std::string& outDir)
{
    std::string args = "train --experiment experiment.json --out " + outDir;
    if (!launch.dataFolder.empty())
        args += " --data " + quoted(launch.dataFolder);
    return args;
}

// torchrun and the ranks run inside the image when there is one (the GPU image has both).
std::string containerPrefix(const ClusterLaunch& launch)
{
    return launch.containerImage.empty() ? std::string() : "apptainer exec --nv " + quoted(launch.containerImage) + " ";
}

std::string header(const char* what)
{
    return std::string("# ") + what + ", written by CNN Workbench " + versionInfo().project
        + " (docs/distributed.md).\n# Every rank trains experiment.json (next to this script) on its share of each "
          "global batch:\n# the global batch is the experiment's batch size x the number of processes.\n";
}

// The shell variables torchrunCommand() reads, with the values given (shell words, expanded there).
std::string variables(const ClusterLaunch& launch, const std::string& nodes, const std::string& master,
    const std::string& runId, const std::string& port = {})
{
    return "NNODES=" + nodes + "\nMASTER_ADDR=" + master + "\nMASTER_PORT=${MASTER_PORT:-"
        + (port.empty() ? std::to_string(launch.masterPort) : port) + "}\nRUN_ID=" + runId
        + "\nexport OMP_NUM_THREADS=${OMP_NUM_THREADS:-" + std::to_string(launch.cpusPerGpu) + "}\n";
}

} // namespace

void validate(const ClusterLaunch& launch)
{
    const auto require = [](bool ok, const std::string& message) {
        if (!ok)
            throw Error(ErrorCode::InvalidArgument, message);
    };
    require(launch.nodes >= 1 && launch.nodes <= 4096, "the number of nodes must be 1..4096");
    require(launch.gpusPerNode >= 1 && launch.gpusPerNode <= 64, "the GPUs per node must be 1..64");
    require(launch.cpusPerGpu >= 1 && launch.cpusPerGpu <= 256, "the CPUs per GPU must be 1..256");
    require(launch.masterPort >= 1024 && launch.masterPort <= 65535, "the rendezvous port must be 1024..65535");
    static const std::regex time(R"((\d+-)?\d{1,3}:[0-5]\d:[0-5]\d)");
    require(std::regex_match(launch.timeLimit, time),
        "the time limit \"" + launch.timeLimit + "\" is not [days-]hours:minutes:seconds, e.g. 04:00:00");
    static const std::regex name(R"([A-Za-z0-9_.-]+)");
    require(std::regex_match(launch.jobName, name),
        "the job name \"" + launch.jobName + "\" may hold only letters, digits, '-', '_' and '.'");
    static const std::regex partitions(R"([A-Za-z0-9_.-]+(,[A-Za-z0-9_.-]+)*)");
    require(launch.partition.empty() || std::regex_match(launch.partition, partitions),
        "the partition \"" + launch.partition
            + "\" may hold only letters, digits, '-', '_', '.' (and ',' between partitions)");
    require(launch.account.empty() || std::regex_match(launch.account, name),
        "the account \"" + launch.account + "\" may hold only letters, digits, '-', '_' and '.'");
    require(launch.dataFolder.find('\n') == std::string::npos && launch.containerImage.find('\n') == std::string::npos,
        "paths must not contain line breaks");
}

std::string torchrunCommand(const ClusterLaunch& launch)
{
    validate(launch);
    return containerPrefix(launch)
        + "torchrun --nnodes=\"$NNODES\" --nproc-per-node=" + std::to_string(launch.gpusPerNode)
        + " --rdzv-backend=c10d --rdzv-endpoint=\"$MASTER_ADDR:$MASTER_PORT\" --rdzv-id=\"$RUN_ID\" --no-python "
          "\"$CNNWB\" "
        + trainArguments(launch, "\"runs/$RUN_ID\"");
}

std::string torchrunScript(const ClusterLaunch& launch)
{
    validate(launch);
    std::string s = "#!/usr/bin/env bash\n" + header("Data-parallel training with torchrun")
        + "#\n# One node:      bash torchrun.sh\n"
          "# Several nodes: on each, NNODES="
        + std::to_string(launch.nodes)
        + " MASTER_ADDR=<first node> RUN_ID=<same everywhere> bash torchrun.sh\n"
          "set -euo pipefail\n"
          "cd \"$(dirname \"$0\")\"\n"
          "CNNWB=${CNNWB:-cnnwb}\n"
        + "if [[ ${NNODES:-1} -gt 1 && ( -z ${MASTER_ADDR:-} || -z ${RUN_ID:-} ) ]]; then\n"
          "  echo \"several nodes need the same MASTER_ADDR (the first node) and RUN_ID on every node\" >&2\n"
          "  exit 2\n"
          "fi\n"
        + variables(launch, "${NNODES:-1}", "${MASTER_ADDR:-127.0.0.1}", "${RUN_ID:-$(date +%Y%m%d-%H%M%S)}")
        + torchrunCommand(launch) + "\n";
    return s;
}

std::string slurmScript(const ClusterLaunch& launch)
{
    validate(launch);
    std::string s
        = "#!/bin/bash\n" + header("Data-parallel training under Slurm") + "# Submit with: sbatch slurm.sbatch\n";
    s += "#SBATCH --job-name=" + launch.jobName + "\n";
    s += "#SBATCH --nodes=" + std::to_string(launch.nodes) + "\n";
    s += "#SBATCH --ntasks-per-node=1\n";
    s += "#SBATCH --gpus-per-node=" + std::to_string(launch.gpusPerNode) + "\n";
    s += "#SBATCH --cpus-per-task=" + std::to_string(launch.cpusPerGpu * launch.gpusPerNode) + "\n";
    s += "#SBATCH --time=" + launch.timeLimit + "\n";
    if (!launch.partition.empty())
        s += "#SBATCH --partition=" + launch.partition + "\n";
    if (!launch.account.empty())
        s += "#SBATCH --account=" + launch.account + "\n";
    s += "#SBATCH --output=%x-%j.out\n";
    s += "set -euo pipefail\n"
         "# sbatch runs a copy of this script: the folder is the one sbatch was called from.\n"
         "cd \"${SLURM_SUBMIT_DIR:-.}\"\n"
         "if [[ ! -f experiment.json ]]; then\n"
         "  echo \"no experiment.json in $PWD: run sbatch from the folder that holds it\" >&2\n"
         "  exit 1\n"
         "fi\n"
         "CNNWB=${CNNWB:-cnnwb}\n"
         "# torchrun's rendezvous runs on the job's first node; one torchrun per node starts its ranks.\n"
        + variables(launch, "$SLURM_NNODES", "$(scontrol show hostnames \"$SLURM_JOB_NODELIST\" | head -n 1)",
            "$SLURM_JOB_ID", "$((" + std::to_string(launch.masterPort) + " + SLURM_JOB_ID % 1000))")
        + "# srun does not pass sbatch's --cpus-per-task on to the step in every Slurm version: say it again.\n"
          "srun --ntasks-per-node=1 --cpus-per-task=\"$SLURM_CPUS_PER_TASK\" "
        + torchrunCommand(launch) + "\n";
    return s;
}

std::vector<std::filesystem::path> writeClusterLaunch(
    const Experiment& experiment, const ClusterLaunch& launch, const std::filesystem::path& folder)
{
    validate(launch);
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    if (ec)
        throw Error(ErrorCode::Io, "cannot create the folder: " + ec.message(), {folder.string()});
    Experiment copy = experiment;
    copy.training.outDir.clear();
    const std::vector<std::filesystem::path> files{
        folder / "experiment.json", folder / "torchrun.sh", folder / "slurm.sbatch"};
    saveExperiment(copy, files[0]);
    writeFileAtomically(files[1], torchrunScript(launch));
    writeFileAtomically(files[2], slurmScript(launch));
    for (std::size_t i = 1; i < files.size(); ++i) {
        std::filesystem::permissions(files[i],
            std::filesystem::perms::owner_exec | std::filesystem::perms::group_exec
                | std::filesystem::perms::others_exec,
            std::filesystem::perm_options::add, ec);
    }
    return files;
}

} // namespace cnnwb::engine
