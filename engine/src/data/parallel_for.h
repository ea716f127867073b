#pragma once

#include <cstddef>
#include <functional>

namespace cnnwb::engine {

/// Calls work(i) for every i below `count`, on up to one thread per core (at most 16), each taking
/// the next index: for decoding images, whose cost varies from file to file. A thread per core pays
/// for itself on thousands of images; on a handful, starting it costs more than the work, so there
/// is one thread per `perThread` items. The first exception `work` throws stops the others from
/// taking more and is rethrown here once every thread has stopped.
void parallelFor(std::size_t count, const std::function<void(std::size_t)>& work, std::size_t perThread = 256);

} // namespace cnnwb::engine
