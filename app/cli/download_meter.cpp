#include "download_meter.h"

#include <cstdio>

namespace cnnwb::app {
namespace {

std::string format(double value)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", value);
    return text;
}

} // namespace

void DownloadMeter::update(const engine::DownloadProgress& p)
{
    if (p.received == 0 && p.total < 0)
        return; // still connecting: nothing worth a line yet
    const auto now = std::chrono::steady_clock::now();
    const bool done = p.total >= 0 && p.received == p.total;
    const bool newFile = p.fileName != m_fileName;
    if (!newFile && !(done && !m_doneShown)
        && now - m_lastDraw < (m_terminal ? std::chrono::milliseconds(250) : std::chrono::milliseconds(1000)))
        return;
    if (newFile)
        finish();
    m_fileName = p.fileName;
    m_lastDraw = now;
    m_doneShown = done;
    // Sizes in SI megabytes, or kilobytes for files under one megabyte.
    const double unit = (p.total >= 0 ? p.total : p.received) >= 1000000 ? 1e6 : 1e3;
    const char* unitName = unit == 1e6 ? "MB" : "kB";
    std::string text = p.fileName + "  " + format(static_cast<double>(p.received) / unit);
    if (p.total >= 0)
        text += " / " + format(static_cast<double>(p.total) / unit);
    text += std::string(" ") + unitName + "  (" + format(p.bytesPerSecond / 1e6) + " MB/s)";
    if (m_terminal) {
        std::fprintf(stderr, "\r\033[K%s", text.c_str());
        m_lineOpen = true;
    } else {
        std::fprintf(stderr, "%s\n", text.c_str());
    }
    std::fflush(stderr);
}

void DownloadMeter::finish()
{
    if (m_lineOpen)
        std::fputc('\n', stderr);
    m_lineOpen = false;
}

} // namespace cnnwb::app
