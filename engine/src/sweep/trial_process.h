#pragma once

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace cnnwb::engine {

/// A trial's `cnnwb train` as a child process, its output appended to a log file. The child dies
/// with the thread that started it (PR_SET_PDEATHSIG), so a sweep killed with SIGKILL leaves no
/// trial training on behind it to fight the resumed sweep for its folder.
class TrialProcess {
public:
    /// Starts `arguments` (the executable first). Throws Error(Io) when it cannot.
    TrialProcess(const std::vector<std::string>& arguments, const std::filesystem::path& logFile);
    ~TrialProcess();
    TrialProcess(const TrialProcess&) = delete;
    TrialProcess& operator=(const TrialProcess&) = delete;

    /// The exit code once it has ended (a signal's death as 128 + the signal), else nothing. Never blocks.
    [[nodiscard]] std::optional<int> poll();
    /// Asks it to stop after its current batch (SIGINT, as Ctrl+C would), keeping a checkpoint.
    void interrupt();
    /// Blocks until it has ended; returns its exit code.
    int wait();

private:
    pid_t m_pid = -1;
    std::optional<int> m_exit;
};

} // namespace cnnwb::engine
