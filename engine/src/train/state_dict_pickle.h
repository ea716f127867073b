#pragma once

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace cnnwb::engine {

/// A storage the pickle refers to by key: a flat tensor of `numel` elements of `dtype`. The
/// loader reads it (a zip record) or allocates it to be filled later (the legacy format, whose
/// storages follow the pickle).
using StorageLoader = std::function<at::Tensor(const std::string& key, at::ScalarType dtype, std::int64_t numel)>;

/// The tensors of a state dict in the order the pickle lists them, e.g. {"layer1.0.conv1.weight", ...}.
using StateDictTensors = std::vector<std::pair<std::string, at::Tensor>>;

/// One pickle read, and where the next one starts (the legacy format is several in a row).
struct PickleRead {
    StateDictTensors tensors;         ///< set when the pickle was a dict of tensors
    std::int64_t integer = 0;         ///< set when it was an int (the legacy format's protocol version)
    std::string bigInteger;           ///< an int of more than 8 bytes, little-endian (its magic number)
    bool otherDict = false;           ///< a dict without tensors (the legacy format's system info)
    std::vector<std::string> strings; ///< set when it was a list of strings (the legacy storage keys)
    std::size_t end = 0;
};

/// Reads one pickle (protocol 2, as torch.save writes) that holds what a state dict is: a dict
/// (collections.OrderedDict or a plain one) from names to tensors, rebuilt by
/// torch._utils._rebuild_tensor_v2 over storages that `load` provides. Only those globals are
/// accepted; a pickled module or any other object is refused, so nothing in the file is executed.
/// Every length, memo index and tensor extent is checked. Throws Error(InvalidData) saying what
/// is wrong; the caller adds the file.
[[nodiscard]] PickleRead readStateDictPickle(std::span<const char> bytes, const StorageLoader& load);

} // namespace cnnwb::engine
