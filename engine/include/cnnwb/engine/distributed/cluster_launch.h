#pragma once

#include "cnnwb/engine/records/experiment.h"

#include <filesystem>
#include <string>
#include <vector>

namespace cnnwb::engine {

/// How to run an experiment data-parallel on a cluster (docs/distributed.md): what the GUI's
/// "Run on a Cluster…" dialog and `cnnwb cluster` ask for.
struct ClusterLaunch {
    int nodes = 1;
    int gpusPerNode = 1;                ///< one process per GPU
    int cpusPerGpu = 8;                 ///< for data loading and augmentation; Slurm's --cpus-per-task
    std::string timeLimit = "04:00:00"; ///< Slurm's --time: [D-]HH:MM:SS
    std::string partition;              ///< optional
    std::string account;                ///< optional
    std::string jobName = "cnnwb";      ///< Slurm job name; letters, digits, '-', '_', '.'
    /// The data folder as the cluster sees it; empty = the experiment's own.
    std::string dataFolder;
    /// An Apptainer/Singularity image (e.g. built from docker/Dockerfile) to run cnnwb in; empty = cnnwb
    /// from the PATH (or $CNNWB).
    std::string containerImage;
    int masterPort = 29500;
};

/// Throws Error(InvalidArgument) naming the first field out of range.
void validate(const ClusterLaunch& launch);

/// The torchrun line that trains `experiment.json` (in the current folder) with `launch`'s
/// processes per node; it reads NNODES, MASTER_ADDR, MASTER_PORT, RUN_ID and CNNWB from the shell.
[[nodiscard]] std::string torchrunCommand(const ClusterLaunch& launch);
/// A bash script around torchrunCommand: `bash torchrun.sh` on one machine; on each of several
/// nodes with NNODES, MASTER_ADDR and RUN_ID set the same everywhere.
[[nodiscard]] std::string torchrunScript(const ClusterLaunch& launch);
/// A Slurm batch script (`sbatch slurm.sbatch`): one torchrun per node through srun, the first node
/// as rendezvous host on a port that depends on the job (two jobs can share a node), the run's
/// folder under runs/<job id>.
[[nodiscard]] std::string slurmScript(const ClusterLaunch& launch);

/// Writes experiment.json, torchrun.sh and slurm.sbatch (both executable) into `folder`, creating
/// it; returns the files written. Throws Error(InvalidArgument) or Error(Io).
std::vector<std::filesystem::path> writeClusterLaunch(
    const Experiment& experiment, const ClusterLaunch& launch, const std::filesystem::path& folder);

} // namespace cnnwb::engine
