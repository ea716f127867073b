#include "sweep_console.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <vector>

namespace cnnwb::app {
namespace {

// A key's last part names its column: "learning_rate" for training.learning_rate, with the layer for
// a layer's setting ("layers.3.p").
std::string columnName(const std::string& key)
{
    const std::size_t last = key.rfind('.');
    if (key.starts_with("model.layers."))
        return key.substr(std::string("model.").size());
    return last == std::string::npos ? key : key.substr(last + 1);
}

std::string percent(double fraction, bool known)
{
    if (!known)
        return "-";
    std::array<char, 16> text{};
    std::snprintf(text.data(), text.size(), "%.2f", 100.0 * fraction);
    return text.data();
}

std::string seconds(double value)
{
    std::array<char, 16> text{};
    std::snprintf(text.data(), text.size(), "%.0f s", value);
    return text.data();
}

std::vector<std::vector<std::string>> rows(const engine::SweepIndex& index)
{
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> header = {"trial"};
    for (const std::string& key : index.keys)
        header.push_back(columnName(key));
    for (const char* name : {"status", "epoch", "best %", "last %", "time"})
        header.emplace_back(name);
    rows.push_back(std::move(header));
    const int best = index.bestTrial();
    for (const engine::TrialRecord& t : index.trials) {
        std::vector<std::string> row = {t.name + (t.index == best ? " *" : "")};
        for (const std::string& value : t.values)
            row.push_back(engine::sweepValueText(value));
        row.emplace_back(engine::trialStatusName(t.status));
        row.push_back(std::to_string(t.epochsDone) + "/" + std::to_string(t.epochs));
        row.push_back(percent(t.bestTestAccuracy, t.epochsDone > 0));
        row.push_back(percent(t.lastTestAccuracy, t.epochsDone > 0));
        row.push_back(seconds(t.seconds));
        rows.push_back(std::move(row));
    }
    return rows;
}

} // namespace

std::string SweepConsole::table(const engine::SweepIndex& index)
{
    const std::vector<std::vector<std::string>> cells = rows(index);
    std::vector<std::size_t> widths(cells.front().size(), 0);
    for (const auto& row : cells)
        for (std::size_t c = 0; c < row.size(); ++c)
            widths[c] = std::max(widths[c], row[c].size());
    std::string text;
    for (const auto& row : cells) {
        for (std::size_t c = 0; c < row.size(); ++c)
            text += row[c] + std::string(widths[c] - row[c].size() + 2, ' ');
        text.erase(text.find_last_not_of(' ') + 1);
        text += '\n';
    }
    const int settled = static_cast<int>(std::count_if(index.trials.begin(), index.trials.end(),
        [](const engine::TrialRecord& t) { return engine::isSettled(t.status); }));
    text += std::to_string(settled) + " of " + std::to_string(index.trials.size()) + " trials settled";
    if (const int best = index.bestTrial(); best >= 0)
        text += "; best: " + index.trials[static_cast<std::size_t>(best)].name + " (*)";
    return text + "\n";
}

void SweepConsole::onIndex(const engine::SweepIndex& index)
{
    if (!m_live)
        return;
    // Back over the table drawn last, then the new one over it.
    for (std::size_t i = 0; i < m_drawnLines; ++i)
        std::fputs("\033[1A\033[2K", stdout);
    const std::string text = table(index);
    std::fputs(text.c_str(), stdout);
    std::fflush(stdout);
    m_drawnLines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

void SweepConsole::onMessage(const std::string& line)
{
    if (m_live)
        return; // the table shows it
    std::printf("%s\n", line.c_str());
    std::fflush(stdout);
}

} // namespace cnnwb::app
