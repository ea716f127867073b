#pragma once

#include <filesystem>
#include <string_view>

namespace cnnwb::engine {

/// Writes `bytes` to `path` so that a crash at any moment leaves either the old file or the new
/// one: a temporary file in the same folder, flushed and fsync'ed, then renamed over `path`.
/// Throws Error(Io) naming the file; never leaves the temporary behind.
void writeFileAtomically(const std::filesystem::path& path, std::string_view bytes);

} // namespace cnnwb::engine
