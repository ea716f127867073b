#pragma once

#include "cnnwb/engine/sweep/sweep_runner.h"

#include <cstddef>
#include <string>

namespace cnnwb::app {

/// `cnnwb sweep`'s view of a running sweep: on a terminal a table of the trials redrawn in place
/// (values, status, epoch, best and last test accuracy, time); into a pipe or file one line per
/// event, then the table once at the end.
class SweepConsole : public engine::SweepObserver {
public:
    explicit SweepConsole(bool live)
        : m_live(live)
    {
    }

    void onIndex(const engine::SweepIndex& index) override;
    void onMessage(const std::string& line) override;
    /// The table as it stands, for the end of a run into a file.
    static std::string table(const engine::SweepIndex& index);

private:
    bool m_live;
    std::size_t m_drawnLines = 0;
};

} // namespace cnnwb::app
