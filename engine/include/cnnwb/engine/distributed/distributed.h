#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace cnnwb::engine {

/// Where this process stands in a data-parallel run, as the launcher told it through the
/// environment. One process per GPU (or per CPU slot); rank 0 writes everything.
struct DistributedSetup {
    int rank = 0;
    int worldSize = 1;
    int localRank = 0;      ///< picks the GPU on a node
    std::string masterAddr; ///< where rank 0 (or torchrun's agent) serves the TCPStore
    int masterPort = 0;
    std::string launcher; ///< "torchrun", "slurm" or "env"
    /// torchrun (elastic) already serves the store on masterAddr:masterPort: every rank is a client.
    bool agentStore = false;
    int restartCount = 0; ///< torchrun's restart attempt; keeps an attempt's store keys apart
    /// A collective (or the rendezvous) that waits longer than this for a peer fails the run:
    /// a dead or hung rank ends the others instead of hanging them.
    std::chrono::seconds timeout{300};
    /// Gradients go out in buckets of at most this many bytes (DDP's bucket_cap_mb): smaller buckets
    /// start sooner during the backward pass, larger ones cost fewer collectives.
    std::int64_t bucketBytes = 25LL << 20;

    [[nodiscard]] bool distributed() const noexcept { return worldSize > 1; }
    /// "rank 1 of 4 (local rank 1, torchrun, master node0:29500)"
    [[nodiscard]] std::string describe() const;
};

using EnvironmentLookup = std::function<const char*(const char* name)>;

/// The launch the environment describes: torchrun's RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR,
/// MASTER_PORT (also set by hand or by mpirun-style scripts), else an `srun` step's SLURM_PROCID,
/// SLURM_STEP_NUM_TASKS, SLURM_LOCALID with MASTER_ADDR/MASTER_PORT exported by the batch script.
/// nullopt when nothing says so (an ordinary single-process run; a Slurm batch script outside
/// `srun` counts as that). CNNWB_DIST_TIMEOUT (seconds) sets the timeout, CNNWB_DIST_BUCKET_MB the
/// gradient bucket size.
/// Throws Error(InvalidArgument) when the variables are there but incomplete or out of range.
[[nodiscard]] std::optional<DistributedSetup> detectDistributedLaunch(const EnvironmentLookup& lookup = {});

/// The c10d backends this build can use: "gloo" (CPUs) and/or "nccl" (CUDA GPUs).
[[nodiscard]] std::vector<std::string> distributedBackends();

} // namespace cnnwb::engine
