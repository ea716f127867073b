#pragma once

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <vector>

namespace cnnwb::engine {

class ProcessGroup;

/// Averages the gradients of a data-parallel step over the ranks, like DDP: the parameters are
/// grouped into buckets of about 25 MB, each bucket's gradients are flattened into one tensor
/// and all buckets are all-reduced together (one collective each, all in flight at once), then
/// divided by the world size and copied back. Missing gradients count as zeros.
///
/// One extra number rides in the last bucket: how many ranks asked to stop, so every rank ends
/// the run after the same step without an extra collective.
class GradientReducer {
public:
    GradientReducer(ProcessGroup& group, std::vector<at::Tensor> parameters, std::int64_t bucketBytes = 25LL << 20);

    /// Returns the number of ranks that asked to stop, as a scalar tensor on the parameters'
    /// device (read it when convenient: reading it from a GPU waits for the GPU).
    at::Tensor average(bool stopRequested);

private:
    ProcessGroup& m_group;
    std::vector<at::Tensor> m_parameters;
    std::vector<std::vector<std::size_t>> m_buckets; ///< parameter indices, in order
};

} // namespace cnnwb::engine
