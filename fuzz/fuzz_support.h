#pragma once

// Shared by the fuzz targets. Each input is cut into the files of one dataset layout, held in an
// InMemoryFolder (no file is written: the readers take their bytes from memory) and loaded through
// the engine's public entry points, format detection included, as `cnnwb train --data` would.

#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/data/in_memory_folder.h"

#include <cstdint>
#include <span>
#include <string>

namespace cnnwb::fuzz {

/// Turns the engine's log off (thousands of loads a second would spend their time logging) unless
/// CNNWB_FUZZ_VERBOSE=1, which keeps it and prints each expected Error: for replaying one input.
void quietUnlessVerbose();

/// engine::Error is the expected answer to bad bytes: swallowed (printed when verbose).
void expected(const engine::Error& error);

/// Fails loudly: libFuzzer treats abort() as a crash and saves the input.
void check(bool condition, const char* what);

/// Takes a little-endian length of `lengthBytes` bytes off the front of `rest`, then that many
/// bytes (fewer when `rest` runs out). How an input says where one file ends and the next begins.
[[nodiscard]] std::span<const std::uint8_t> takeChunk(std::span<const std::uint8_t>& rest, int lengthBytes);

void put(engine::InMemoryFolder& folder, const std::string& name, std::span<const std::uint8_t> bytes);

/// Dataset::inspect and Dataset::load on `folder`. engine::Error is swallowed; any other exception
/// escapes (libFuzzer reports it as a crash), as do sanitizer findings. A load that succeeds is
/// checked against its own info and against what inspect() said; a mismatch aborts.
void loadFolder(const engine::InMemoryFolder& folder);

} // namespace cnnwb::fuzz
