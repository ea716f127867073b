#pragma once

#include <functional>
#include <string_view>

namespace cnnwb::app {

/// Prints "cnnwb: error: MESSAGE" as one line on stderr and returns kExitUsage.
int usageError(std::string_view message);

/// Runs `work` and returns its exit code; an exception becomes one error line on stderr and an exit
/// code: kExitUsage for engine errors the user can fix (bad data, arguments, files), kExitFailure for
/// the backend and distributed ones and for anything unexpected.
int exitCodeOf(const std::function<int()>& work);

} // namespace cnnwb::app
