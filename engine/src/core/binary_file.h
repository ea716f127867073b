#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace cnnwb::engine {

/// Reads a whole file; a name ending in ".gz" is gunzipped. Throws Error(Io / InvalidData)
/// naming the file.
[[nodiscard]] std::vector<std::uint8_t> readBinaryFile(const std::filesystem::path& path);

/// Reads a whole text file; `what` names it in the error ("cannot open model spec").
[[nodiscard]] std::string readTextFile(const std::filesystem::path& path, const std::string& what);

/// Reads at most the first `count` bytes (gunzipped for ".gz"): enough for a header.
[[nodiscard]] std::vector<std::uint8_t> readFileHead(const std::filesystem::path& path, std::size_t count);

} // namespace cnnwb::engine
