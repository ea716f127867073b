#include "cnnwb/engine/core/number_text.h"

namespace cnnwb::engine {

std::string groupedDigits(std::int64_t value)
{
    // Appended digit by digit: inserting into the string trips GCC 12's -Wrestrict false positive.
    const std::string digits = std::to_string(value);
    const std::size_t sign = value < 0 ? 1 : 0;
    std::string text = digits.substr(0, sign);
    for (std::size_t i = sign; i < digits.size(); ++i) {
        if (i > sign && (digits.size() - i) % 3 == 0)
            text += ',';
        text += digits[i];
    }
    return text;
}

} // namespace cnnwb::engine
