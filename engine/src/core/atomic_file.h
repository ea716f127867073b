#pragma once

#include <filesystem>
#include <string_view>

namespace cnnwb::engine {

/// Writes `bytes` to `path` so that a crash at any moment leaves either the old file or the new
/// one: a temporary file in the same folder, flushed and fsync'ed, then renamed over `path`.
/// Throws Error(Io) naming the file; never leaves the temporary behind, and removes the ones a
/// killed writer of the same file left (see removeStaleTemporaries).
void writeFileAtomically(const std::filesystem::path& path, std::string_view bytes);

/// Removes from `folder` the temporaries that writers killed mid-write left: "NAME.tmp-PID" whose
/// process is gone, for names ending in `nameSuffix` (every name when empty). A temporary of a
/// live process stays. Returns how many were removed; never throws.
int removeStaleTemporaries(const std::filesystem::path& folder, std::string_view nameSuffix = {});

} // namespace cnnwb::engine
