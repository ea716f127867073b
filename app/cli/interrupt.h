#pragma once

namespace cnnwb::app {

/// From now on Ctrl-C (SIGINT) and SIGTERM only set a flag, which long work polls to stop cleanly
/// (training finishes its batch and keeps its checkpoint; a download keeps its partial file).
void catchInterrupts();

/// Whether Ctrl-C or SIGTERM came since catchInterrupts().
[[nodiscard]] bool interrupted() noexcept;

} // namespace cnnwb::app
