#pragma once

#include "command.h"

#include <memory>
#include <vector>

namespace cnnwb::app {

/// Every `cnnwb` subcommand, in the order `cnnwb --help` lists them. One file each: <name>_command.cpp.
[[nodiscard]] std::vector<std::unique_ptr<Command>> commandList();

[[nodiscard]] std::unique_ptr<Command> makeTrainCommand();
[[nodiscard]] std::unique_ptr<Command> makeEvaluateCommand();
[[nodiscard]] std::unique_ptr<Command> makePredictCommand();
[[nodiscard]] std::unique_ptr<Command> makePreviewCommand();
[[nodiscard]] std::unique_ptr<Command> makeSummaryCommand();
[[nodiscard]] std::unique_ptr<Command> makeExportCommand();
[[nodiscard]] std::unique_ptr<Command> makeReproduceCommand();
[[nodiscard]] std::unique_ptr<Command> makeDownloadCommand();
[[nodiscard]] std::unique_ptr<Command> makeClusterCommand();
[[nodiscard]] std::unique_ptr<Command> makeSweepCommand();
[[nodiscard]] std::unique_ptr<Command> makeInfoCommand();

} // namespace cnnwb::app
