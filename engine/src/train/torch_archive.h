#pragma once

#include "core/zip_integrity.h"

#include <ATen/core/ivalue.h>

#include <filesystem>
#include <map>
#include <memory>
#include <span>
#include <string>

namespace cnnwb::engine {

/// The bytes torch.save would write for `value`: a zip archive with data.pkl and one record per
/// tensor. Dicts and lists are written without LibTorch's type tags, which Python's
/// torch.load(weights_only=True) refuses.
[[nodiscard]] std::string archiveBytes(const c10::IValue& value);

/// A PyTorch archive: its records by their names inside its one folder ("data.pkl", "data/0",
/// "version"), and the format version it declares. The records point into `contents`.
struct TorchArchive {
    ZipContents contents;
    std::map<std::string, const ZipRecord*, std::less<>> records;
    std::uint64_t version = 0;
};

/// The archive in `bytes` with every record's CRC checked, a version this LibTorch reads, a
/// data.pkl, and contents that fit in memory; else Error(InvalidData) naming `source`.
[[nodiscard]] std::unique_ptr<TorchArchive> openTorchArchive(
    std::span<const char> bytes, const std::string& what, const std::string& source);

/// Reads such an archive. Only tensors, numbers, strings, lists and dicts come out; nothing in the
/// file is executed. Throws Error(Io) if unreadable, Error(InvalidData) if damaged, naming `file`
/// and using `what` ("checkpoint") in the message.
[[nodiscard]] c10::IValue readArchive(const std::filesystem::path& file, const std::string& what);

/// readArchive() of bytes held in memory, named `source` in errors. The zip's CRCs are checked first.
[[nodiscard]] c10::IValue readArchiveBytes(
    std::span<const char> bytes, const std::string& what, const std::string& source);

/// What is wrong when a dense tensor's sizes, strides and offset reach outside its storage (a
/// negative stride included); empty when they do not. LibTorch 2.13's unpickler checks this
/// itself; older ones, which -DTorch_DIR may bring, did not.
[[nodiscard]] std::string tensorExtentProblem(const at::Tensor& tensor);

} // namespace cnnwb::engine
