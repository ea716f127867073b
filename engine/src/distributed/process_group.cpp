#include "distributed/process_group.h"

#include "cnnwb/engine/core/logging.h"
#include "distributed/c10d_backends.h"

#include "cnnwb/engine/core/error.h"

#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>

#include <c10/util/Exception.h>

#include <algorithm>
#include <exception>
#include <functional>

namespace cnnwb::engine {

struct ProcessGroup::Impl {
    c10::intrusive_ptr<c10d::Store> store;
    c10::intrusive_ptr<c10d::Backend> backend;
    std::chrono::milliseconds timeout{0};
    bool cuda = false;
    std::vector<c10::intrusive_ptr<c10d::Work>> started;
};

namespace {

std::string reason(const std::exception& e)
{
    if (const auto* c10 = dynamic_cast<const c10::Error*>(&e))
        return c10->what_without_backtrace();
    return e.what();
}

} // namespace

ProcessGroup::ProcessGroup(const DistributedSetup& setup, const c10::Device& device)
    : m_setup(setup)
    , m_impl(std::make_unique<Impl>())
{
    m_impl->timeout = std::chrono::duration_cast<std::chrono::milliseconds>(setup.timeout);
    const std::string where = setup.masterAddr + ":" + std::to_string(setup.masterPort);
    try {
        c10d::TCPStoreOptions options;
        options.port = static_cast<std::uint16_t>(setup.masterPort);
        // Under torchrun the agent serves the store already; otherwise rank 0 serves it and waits
        // for the others to connect.
        options.isServer = setup.rank == 0 && !setup.agentStore;
        options.numWorkers = static_cast<std::size_t>(setup.worldSize);
        options.waitWorkers = !setup.agentStore;
        // Ranks reach this point after loading the data, which can take them unequal times.
        options.timeout = std::max(m_impl->timeout, std::chrono::milliseconds(std::chrono::minutes(5)));
        auto tcp = c10::make_intrusive<c10d::TCPStore>(setup.masterAddr, options);
        // Keys of one attempt apart from another's and from torchrun's own rendezvous keys.
        m_impl->store
            = c10::make_intrusive<c10d::PrefixStore>("cnnwb/attempt_" + std::to_string(setup.restartCount) + "/", tcp);
        m_impl->cuda = device.is_cuda();
        if (device.is_cuda()) {
            m_impl->backend = makeNcclBackend(m_impl->store, setup.rank, setup.worldSize, m_impl->timeout);
            m_backendName = "nccl";
            if (!m_impl->backend)
                logWarning({"this build has no NCCL: the GPUs exchange gradients through Gloo and host memory"});
        }
        if (!m_impl->backend) {
            m_impl->backend = makeGlooBackend(m_impl->store, setup.rank, setup.worldSize, m_impl->timeout);
            m_backendName = "gloo";
        }
    } catch (const Error&) {
        throw;
    } catch (const std::exception& e) {
        throw Error(ErrorCode::Distributed,
            "rank " + std::to_string(setup.rank) + " of " + std::to_string(setup.worldSize)
                + " could not join the others through " + where + ": " + reason(e));
    }
    logInfo({"joined the process group as %1 over %2", {setup.describe(), m_backendName}});
}

ProcessGroup::~ProcessGroup()
{
    // NCCL wants an explicit end (it warns otherwise): a clean one, or an abort after a failure,
    // which must not wait for peers that are gone.
    if (m_backendName != "nccl" || !m_impl->backend)
        return;
    try {
        if (m_failed || std::uncaught_exceptions() > 0) // ending on an error, here or elsewhere
            m_impl->backend->abort();
        else
            m_impl->backend->shutdown();
    } catch (...) { // NOLINT(bugprone-empty-catch): the run's own outcome is what matters here
    }
}

bool ProcessGroup::waitFor(c10d::Work& work) const
{
    // Gloo: the host waits, at most the timeout. NCCL: the current CUDA stream waits for the
    // collective and the host goes on (a host wait every step would stall the GPU); NCCL's watchdog
    // ends the process group after the same timeout when a peer is gone.
    return m_impl->cuda && m_backendName == "nccl" ? work.wait() : work.wait(m_impl->timeout);
}

void ProcessGroup::fail(const std::string& what, const std::string& detail)
{
    m_failed = true;
    throw Error(ErrorCode::Distributed,
        "rank " + std::to_string(m_setup.rank) + " of " + std::to_string(m_setup.worldSize) + " lost contact with "
            + "the other ranks during " + what + " (waited at most " + std::to_string(m_setup.timeout.count())
            + " s): another rank stopped, crashed or hangs; its own output says why. Detail: " + detail);
}

// Each call waits for its own collectives only: synchronized BatchNorm's exchanges inside the
// backward pass must not wait for the gradient buckets that are in flight beside them.
void ProcessGroup::allReduceSum(std::vector<at::Tensor>& tensors, const std::string& what)
{
    std::vector<c10::intrusive_ptr<c10d::Work>> works;
    works.reserve(tensors.size());
    for (at::Tensor& tensor : tensors)
        works.push_back(launch(what, [&] { return allReduce(tensor); }));
    waitAll(works, what);
}

void ProcessGroup::allReduceSum(at::Tensor& tensor, const std::string& what)
{
    std::vector<c10::intrusive_ptr<c10d::Work>> works{launch(what, [&] { return allReduce(tensor); })};
    waitAll(works, what);
}

void ProcessGroup::startAllReduceSum(at::Tensor& tensor, const std::string& what)
{
    m_impl->started.push_back(launch(what, [&] { return allReduce(tensor); }));
}

void ProcessGroup::waitForStarted(const std::string& what)
{
    std::vector<c10::intrusive_ptr<c10d::Work>> works;
    works.swap(m_impl->started);
    waitAll(works, what);
}

void ProcessGroup::broadcastFromRank0(std::vector<at::Tensor>& tensors, const std::string& what)
{
    std::vector<c10::intrusive_ptr<c10d::Work>> works;
    works.reserve(tensors.size());
    for (at::Tensor& tensor : tensors)
        works.push_back(launch(what, [&] {
            std::vector<at::Tensor> one{tensor};
            c10d::BroadcastOptions options;
            options.rootRank = 0;
            return m_impl->backend->broadcast(one, options);
        }));
    waitAll(works, what);
}

c10::intrusive_ptr<c10d::Work> ProcessGroup::allReduce(at::Tensor& tensor)
{
    std::vector<at::Tensor> one{tensor};
    c10d::AllreduceOptions options;
    options.reduceOp = c10d::ReduceOp::SUM;
    return m_impl->backend->allreduce(one, options);
}

c10::intrusive_ptr<c10d::Work> ProcessGroup::launch(
    const std::string& what, const std::function<c10::intrusive_ptr<c10d::Work>()>& collective)
{
    try {
        return collective();
    } catch (const std::exception& e) {
        fail(what, reason(e));
    }
}

void ProcessGroup::waitAll(std::vector<c10::intrusive_ptr<c10d::Work>>& works, const std::string& what)
{
    try {
        for (auto& work : works)
            if (!waitFor(*work))
                fail(what, "timed out");
    } catch (const Error&) {
        throw;
    } catch (const std::exception& e) {
        fail(what, reason(e));
    }
}

std::vector<std::string> distributedBackends()
{
    std::vector<std::string> names;
    if (glooBuilt())
        names.emplace_back("gloo");
    if (ncclBuilt())
        names.emplace_back("nccl");
    return names;
}

} // namespace cnnwb::engine
