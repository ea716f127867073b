#include "cnnwb/engine/distributed/distributed.h"

#include "cnnwb/engine/core/error.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <string_view>

namespace cnnwb::engine {
namespace {

std::optional<long> integer(const EnvironmentLookup& env, const char* name)
{
    const char* text = env(name);
    if (text == nullptr || *text == '\0')
        return std::nullopt;
    long value = 0;
    const std::string_view view(text);
    const auto [end, ec] = std::from_chars(view.data(), view.data() + view.size(), value);
    if (ec != std::errc() || end != view.data() + view.size())
        throw Error(ErrorCode::InvalidArgument,
            std::string("the environment variable ") + name + "=" + text + " is not a whole number");
    return value;
}

std::string text(const EnvironmentLookup& env, const char* name)
{
    const char* value = env(name);
    return value == nullptr ? std::string() : std::string(value);
}

} // namespace

std::string DistributedSetup::describe() const
{
    return "rank " + std::to_string(rank) + " of " + std::to_string(worldSize) + " (local rank "
        + std::to_string(localRank) + ", " + launcher + ", master " + masterAddr + ":" + std::to_string(masterPort)
        + ")";
}

std::optional<DistributedSetup> detectDistributedLaunch(const EnvironmentLookup& lookup)
{
    const EnvironmentLookup env
        = lookup ? lookup : EnvironmentLookup([](const char* name) { return std::getenv(name); });
    DistributedSetup setup;
    std::optional<long> rank;
    std::optional<long> world;
    std::optional<long> local;
    if (integer(env, "WORLD_SIZE") || integer(env, "RANK")) {
        rank = integer(env, "RANK");
        world = integer(env, "WORLD_SIZE");
        local = integer(env, "LOCAL_RANK");
        setup.launcher = env("TORCHELASTIC_RUN_ID") != nullptr ? "torchrun" : "env";
        if (!rank || !world)
            throw Error(ErrorCode::InvalidArgument,
                "a distributed launch needs both RANK and WORLD_SIZE in the environment (torchrun sets them)");
    } else if (integer(env, "SLURM_STEP_NUM_TASKS")) {
        // Only inside an srun step: the batch script itself also has SLURM_PROCID=0 and
        // SLURM_NTASKS, but a lone process there must not wait for peers that never come.
        rank = integer(env, "SLURM_PROCID");
        world = integer(env, "SLURM_STEP_NUM_TASKS");
        local = integer(env, "SLURM_LOCALID");
        setup.launcher = "slurm";
        if (!rank)
            throw Error(ErrorCode::InvalidArgument, "SLURM_STEP_NUM_TASKS is set but SLURM_PROCID is not");
    } else {
        return std::nullopt;
    }
    if (*world < 1 || *world > 65536)
        throw Error(ErrorCode::InvalidArgument, "the world size " + std::to_string(*world) + " is out of range");
    if (*rank < 0 || *rank >= *world)
        throw Error(ErrorCode::InvalidArgument,
            "rank " + std::to_string(*rank) + " is out of range for a world of " + std::to_string(*world));
    setup.rank = static_cast<int>(*rank);
    setup.worldSize = static_cast<int>(*world);
    setup.localRank = local ? static_cast<int>(*local) : 0;
    if (setup.localRank < 0)
        throw Error(ErrorCode::InvalidArgument, "LOCAL_RANK must not be negative");
    if (const auto seconds = integer(env, "CNNWB_DIST_TIMEOUT")) {
        if (*seconds < 1)
            throw Error(ErrorCode::InvalidArgument, "CNNWB_DIST_TIMEOUT must be at least 1 second");
        setup.timeout = std::chrono::seconds(*seconds);
    }
    if (const char* bucket = env("CNNWB_DIST_BUCKET_MB"); bucket != nullptr && *bucket != '\0') {
        char* end = nullptr;
        const double megabytes = std::strtod(bucket, &end);
        if (end == bucket || *end != '\0' || !(megabytes > 0.0) || megabytes > 4096.0)
            throw Error(ErrorCode::InvalidArgument,
                std::string("CNNWB_DIST_BUCKET_MB=") + bucket + " is not a size in MB between 0 and 4096");
        setup.bucketBytes = std::max<std::int64_t>(1, static_cast<std::int64_t>(megabytes * 1024.0 * 1024.0));
    }
    if (setup.worldSize == 1)
        return setup; // nothing to meet: no address needed
    setup.masterAddr = text(env, "MASTER_ADDR");
    const auto port = integer(env, "MASTER_PORT");
    if (setup.masterAddr.empty() || !port)
        throw Error(ErrorCode::InvalidArgument,
            "a distributed launch (" + setup.launcher + ", world size " + std::to_string(setup.worldSize)
                + ") needs MASTER_ADDR and MASTER_PORT in the environment: torchrun sets them; under srun, "
                  "export them in the batch script (the first node's name and a free port)");
    if (*port < 1 || *port > 65535)
        throw Error(ErrorCode::InvalidArgument, "MASTER_PORT " + std::to_string(*port) + " is not a port number");
    setup.masterPort = static_cast<int>(*port);
    setup.agentStore = text(env, "TORCHELASTIC_USE_AGENT_STORE") == "True";
    if (const auto restarts = integer(env, "TORCHELASTIC_RESTART_COUNT"))
        setup.restartCount = static_cast<int>(*restarts);
    return setup;
}

} // namespace cnnwb::engine
