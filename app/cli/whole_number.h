#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <type_traits>

namespace cnnwb::app {

/// A whole number as typed: checked before CLI11 converts it, which alone turns "3.7" into 3 and
/// "-1" into 18446744073709551615. The message repeats the value as the user typed it.
[[nodiscard]] CLI::Validator wholeNumber(bool negativeAllowed);

/// Every integer option of every subcommand is added through this: its storage's signedness says
/// whether a minus sign is allowed.
template <typename Integer>
CLI::Option* addWholeNumber(CLI::App& app, const std::string& name, Integer& storage, const std::string& help)
{
    static_assert(std::is_integral_v<Integer>);
    return app.add_option(name, storage, help)->check(wholeNumber(std::is_signed_v<Integer>));
}

} // namespace cnnwb::app
