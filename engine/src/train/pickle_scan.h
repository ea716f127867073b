#pragma once

#include <span>
#include <string>

namespace cnnwb::engine {

/// What is wrong with a pickle (data.pkl of a PyTorch archive) before LibTorch's unpickler sees it,
/// or "" when nothing is: every length an opcode declares (a string, bytes, a long, a frame) must
/// fit in the bytes that follow, and no memo index may exceed the pickle's size. The unpickler allocates a declared
/// length before reading it, so a 20 kB checkpoint declaring a 21 GB string, or storing at memo index 1.5 billion,
/// asked for 21 or 23 GB (found by fuzz_checkpoint). Opcodes it does not know end the scan: the unpickler refuses them
/// before reading further.
[[nodiscard]] std::string pickleProblem(std::span<const char> pickle);

} // namespace cnnwb::engine
