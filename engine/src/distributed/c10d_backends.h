#pragma once

#include <torch/csrc/distributed/c10d/Backend.hpp>
#include <torch/csrc/distributed/c10d/Store.hpp>

#include <chrono>

namespace cnnwb::engine {

// The c10d backends, each in its own source file: their headers need Gloo's or NCCL's own headers,
// which only those files see (engine/CMakeLists.txt).

/// Gloo over TCP (CPU tensors, and CUDA tensors through host copies). The network interface
/// follows GLOO_SOCKET_IFNAME when set, else the one the host name resolves to.
[[nodiscard]] c10::intrusive_ptr<c10d::Backend> makeGlooBackend(
    const c10::intrusive_ptr<c10d::Store>& store, int rank, int size, std::chrono::milliseconds timeout);

/// NCCL on the current CUDA device; nullptr when this build has no NCCL support.
[[nodiscard]] c10::intrusive_ptr<c10d::Backend> makeNcclBackend(
    const c10::intrusive_ptr<c10d::Store>& store, int rank, int size, std::chrono::milliseconds timeout);

/// Whether the backends were built in (their headers were there).
[[nodiscard]] bool glooBuilt() noexcept;
[[nodiscard]] bool ncclBuilt() noexcept;

} // namespace cnnwb::engine
