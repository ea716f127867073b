#include "cnnwb/engine/core/number_text.h"

#include <cstdio>

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

namespace {

std::string printed(const char* format, int decimals, double value)
{
    char text[64];
    const int size = std::snprintf(text, sizeof text, format, decimals, value);
    return size > 0 && static_cast<std::size_t>(size) < sizeof text ? std::string(text, static_cast<std::size_t>(size))
                                                                    : std::string();
}

} // namespace

std::string fixedText(double value, int decimals)
{
    return printed("%.*f", decimals, value);
}

std::string shortText(double value)
{
    return printed("%.*g", 6, value); // printf's default precision for %g
}

} // namespace cnnwb::engine
