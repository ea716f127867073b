#include "whole_number.h"

namespace cnnwb::app {

CLI::Validator wholeNumber(bool negativeAllowed)
{
    return {[negativeAllowed](const std::string& text) {
                const std::size_t digits = negativeAllowed && text.starts_with('-') ? 1 : 0;
                const bool whole
                    = text.size() > digits && text.find_first_not_of("0123456789", digits) == std::string::npos;
                if (whole)
                    return std::string();
                return std::string(negativeAllowed ? "must be a whole number, not "
                                                   : "must be a whole number of 0 or more, not ")
                    + text;
            },
        negativeAllowed ? "INT" : "UINT"};
}

} // namespace cnnwb::app
