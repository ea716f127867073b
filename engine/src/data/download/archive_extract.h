#pragma once

#include <filesystem>

namespace cnnwb::engine {

/// Unpacks a tar archive (gzip, bzip2 or xz compressed, or not) or a zip file into `destination`,
/// which must be an empty folder that the caller owns (it removes it on failure).
///
/// Only regular files and folders are accepted, and only at relative paths without "..": an
/// absolute path, a ".." component, a symbolic or hard link, or a device file anywhere in the
/// archive makes it throw Error(InvalidData) naming the archive and the entry, before anything
/// from that entry is written. Nothing outside `destination` is ever written. Corrupt or truncated
/// archives throw Error(InvalidData); write failures Error(Io).
void extractArchiveSafely(const std::filesystem::path& archive, const std::filesystem::path& destination);

} // namespace cnnwb::engine
