#pragma once

#include <string>

namespace cnnwb::app {

/// "cnnwb 0.x (commit)" and the libraries' versions: `cnnwb --version` and the head of `cnnwb info`.
[[nodiscard]] std::string versionText();

} // namespace cnnwb::app
