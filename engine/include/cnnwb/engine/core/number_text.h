#pragma once

#include <cstdint>
#include <string>

namespace cnnwb::engine {

/// 1234567 -> "1,234,567", as torchsummary prints counts.
[[nodiscard]] std::string groupedDigits(std::int64_t value);
/// `value` with `decimals` digits after the point, as printf's "%.*f" writes it.
[[nodiscard]] std::string fixedText(double value, int decimals);
/// `value` in the shortest of fixed and exponent form, as printf's "%g" writes it (0.001, 1e-05).
[[nodiscard]] std::string shortText(double value);

} // namespace cnnwb::engine
