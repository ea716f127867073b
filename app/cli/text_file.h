#pragma once

#include <string>

namespace cnnwb::app {

/// A whole text file; throws engine::Error(Io) naming it.
[[nodiscard]] std::string readText(const std::string& file);

} // namespace cnnwb::app
