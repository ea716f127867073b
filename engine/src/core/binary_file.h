#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace cnnwb::engine {

/// Reads a whole file; a name ending in ".gz" is gunzipped. A file (or inflated stream) larger
/// than `expectedBytes`, when given, is refused once that much is read: a small gzip file can
/// declare a few images and inflate to gigabytes. Without it the memory budget bounds the size.
/// Throws Error(Io / InvalidData) naming the file.
[[nodiscard]] std::vector<std::uint8_t> readBinaryFile(
    const std::filesystem::path& path, std::optional<std::size_t> expectedBytes = std::nullopt);

/// Reads a whole text file; `what` names it in the error ("cannot open model spec").
[[nodiscard]] std::string readTextFile(const std::filesystem::path& path, const std::string& what);

/// Reads at most the first `count` bytes (gunzipped for ".gz"): enough for a header.
[[nodiscard]] std::vector<std::uint8_t> readFileHead(const std::filesystem::path& path, std::size_t count);

} // namespace cnnwb::engine
