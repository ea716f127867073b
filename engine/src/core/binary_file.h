#pragma once

#include <filesystem>
#include <string>

namespace cnnwb::engine {

/// Reads a whole text file; `what` names it in the error ("cannot open model spec").
[[nodiscard]] std::string readTextFile(const std::filesystem::path& path, const std::string& what);

} // namespace cnnwb::engine
