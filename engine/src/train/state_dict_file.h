#pragma once

#include "train/state_dict_pickle.h"

#include <filesystem>
#include <span>
#include <string>

namespace cnnwb::engine {

/// The tensors of a file that torch.save(model.state_dict(), FILE) wrote, in the file's order, on
/// the CPU: the zip format of PyTorch 1.6 and later, or the older format some of torchvision's
/// downloads are still in. Read without Python and without running anything in the file. Throws
/// Error(Io) when it cannot be read and Error(InvalidData) naming the file and what is wrong
/// (truncated, not a state dict, a whole pickled model, ...).
[[nodiscard]] StateDictTensors readStateDictFile(const std::filesystem::path& file);

/// The same for bytes held in memory, named `source` in errors.
[[nodiscard]] StateDictTensors readStateDictBytes(std::span<const char> bytes, const std::string& source);

} // namespace cnnwb::engine
