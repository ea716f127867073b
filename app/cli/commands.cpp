#include "commands.h"

namespace cnnwb::app {

std::vector<std::unique_ptr<Command>> commandList()
{
    std::vector<std::unique_ptr<Command>> commands;
    commands.push_back(makeTrainCommand());
    commands.push_back(makeEvaluateCommand());
    commands.push_back(makePredictCommand());
    commands.push_back(makePreviewCommand());
    commands.push_back(makeSummaryCommand());
    commands.push_back(makeExportCommand());
    commands.push_back(makeReproduceCommand());
    commands.push_back(makeDownloadCommand());
    commands.push_back(makeSweepCommand());
    commands.push_back(makeClusterCommand());
    commands.push_back(makeInfoCommand());
    return commands;
}

} // namespace cnnwb::app
