#pragma once

// Shared by the fuzz targets. The dataset readers take folders, so each input is cut into the
// files of one dataset layout, written into a scratch folder of this process, and loaded through
// the engine's public entry points (format detection included), as `cnnwb train --data` would.

#include <cstdint>
#include <filesystem>
#include <span>

namespace cnnwb::fuzz {

/// This process's scratch folder, emptied: made once (in /dev/shm when there is one, so the
/// files stay in memory) and removed at exit.
[[nodiscard]] const std::filesystem::path& emptyScratchFolder();

void writeFile(const std::filesystem::path& file, std::span<const std::uint8_t> bytes);

/// Takes a little-endian length of `lengthBytes` bytes off the front of `rest`, then that many
/// bytes (fewer when `rest` runs out). How an input says where one file ends and the next begins.
[[nodiscard]] std::span<const std::uint8_t> takeChunk(std::span<const std::uint8_t>& rest, int lengthBytes);

/// Dataset::inspect and Dataset::load on `folder`. engine::Error is the expected answer to bad
/// bytes and is swallowed; any other exception escapes (libFuzzer reports it as a crash), as do
/// sanitizer findings. A load that succeeds is checked against its own info and against what
/// inspect() said; a mismatch aborts, which libFuzzer reports like a crash.
void loadFolder(const std::filesystem::path& folder);

} // namespace cnnwb::fuzz
