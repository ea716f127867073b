#pragma once

#include "distributed/sync_batch_norm.h"

#include "cnnwb/engine/distributed/distributed.h"

#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>

#include <c10/util/intrusive_ptr.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace c10d {
class Work;
}

namespace cnnwb::engine {

/// This rank's membership in a c10d process group: rendezvous through a TCPStore (rank 0 serves it,
/// or torchrun's agent does), then NCCL for CUDA tensors or Gloo for CPU ones. Every collective is
/// synchronous and turns a lost peer (closed connection, timeout) into Error(Distributed) that says
/// which rank saw it during what, so a dead or hung rank ends the others instead of hanging them.
class ProcessGroup : public BatchNormSync {
public:
    ProcessGroup(const DistributedSetup& setup, const c10::Device& device);
    ~ProcessGroup() override;
    ProcessGroup(const ProcessGroup&) = delete;
    ProcessGroup& operator=(const ProcessGroup&) = delete;

    [[nodiscard]] int rank() const noexcept { return m_setup.rank; }
    [[nodiscard]] int size() const noexcept { return m_setup.worldSize; }
    [[nodiscard]] const DistributedSetup& setup() const noexcept { return m_setup; }
    [[nodiscard]] const std::string& backendName() const noexcept { return m_backendName; }

    /// Sums each tensor over the ranks, in place. The tensors go out together (one collective
    /// each, all in flight at once) and the call returns when all have arrived.
    void allReduceSum(std::vector<at::Tensor>& tensors, const std::string& what);
    void allReduceSum(at::Tensor& tensor, const std::string& what);
    /// Starts summing `tensor` over the ranks and returns at once; waitForStarted() waits for
    /// everything started so far. (What is started must stay alive until then.)
    void startAllReduceSum(at::Tensor& tensor, const std::string& what);
    void waitForStarted(const std::string& what);
    /// Rank 0's values into every rank's tensors, in place.
    void broadcastFromRank0(std::vector<at::Tensor>& tensors, const std::string& what);
    /// For synchronized BatchNorm.
    void sumOverRanks(at::Tensor& tensor) override { allReduceSum(tensor, "synchronized BatchNorm"); }

private:
    [[noreturn]] void fail(const std::string& what, const std::string& detail);
    bool waitFor(c10d::Work& work) const;
    c10::intrusive_ptr<c10d::Work> allReduce(at::Tensor& tensor);
    /// Starts a collective, turning a failure to start into Error(Distributed).
    c10::intrusive_ptr<c10d::Work> launch(
        const std::string& what, const std::function<c10::intrusive_ptr<c10d::Work>()>& collective);
    void waitAll(std::vector<c10::intrusive_ptr<c10d::Work>>& works, const std::string& what);

    struct Impl;
    DistributedSetup m_setup;
    std::string m_backendName;
    std::unique_ptr<Impl> m_impl;
    bool m_failed = false;
};

} // namespace cnnwb::engine
