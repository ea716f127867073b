#pragma once

#include <span>
#include <string>

namespace cnnwb::engine {

/// What is wrong with a zip archive held in memory, or an empty string when every stored entry's
/// bytes match the CRC-32 its directory records. LibTorch's reader does not check them (its miniz
/// is built without CRC checks), so a checkpoint with flipped bytes inside a tensor would load.
/// Handles zip64 sizes and offsets; entries of other methods than "stored" (which torch.save and
/// this program never write) are only checked for being inside the file.
[[nodiscard]] std::string zipIntegrityProblem(std::span<const char> archive);

} // namespace cnnwb::engine
