#pragma once

#include <cstdint>
#include <string>

namespace cnnwb::engine {

/// 1234567 -> "1,234,567", as torchsummary prints counts.
[[nodiscard]] std::string groupedDigits(std::int64_t value);

} // namespace cnnwb::engine
