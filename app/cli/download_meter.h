#pragma once

#include "cnnwb/engine/data/download/dataset_download.h"

#include <chrono>
#include <string>

namespace cnnwb::app {

/// Draws "cifar-10-binary.tar.gz  45.2 / 170.1 MB  (12.3 MB/s)" on stderr: redrawn in place at most
/// four times a second on a terminal, otherwise one line a second (a log should not get thousands).
class DownloadMeter {
public:
    explicit DownloadMeter(bool terminal)
        : m_terminal(terminal)
    {
    }

    void update(const engine::DownloadProgress& p);
    /// Ends the line redrawn in place, so that what follows starts on its own line.
    void finish();

private:
    bool m_terminal;
    bool m_lineOpen = false;
    bool m_doneShown = false;
    std::string m_fileName;
    std::chrono::steady_clock::time_point m_lastDraw{};
};

} // namespace cnnwb::app
