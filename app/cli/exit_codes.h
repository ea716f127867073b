#pragma once

namespace cnnwb::app {

/// `cnnwb`'s exit codes (README, "Command line").
inline constexpr int kExitSuccess = 0;
inline constexpr int kExitFailure = 1;       ///< anything the user cannot fix by changing the command
inline constexpr int kExitUsage = 2;         ///< bad arguments or bad data: the user can fix it
inline constexpr int kExitInterrupted = 130; ///< Ctrl-C or SIGTERM stopped the work

} // namespace cnnwb::app
