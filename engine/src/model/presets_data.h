#pragma once

#include <string_view>
#include <utility>
#include <vector>

namespace cnnwb::engine {

/// (id, JSON text) of every preset in resources/presets, in menu order; generated at configure time.
[[nodiscard]] const std::vector<std::pair<std::string_view, std::string_view>>& presetSources();

} // namespace cnnwb::engine
