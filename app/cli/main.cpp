// cnnwb: the command-line front end. Engine only, no Qt, so it builds and runs in a GPU container
// that has nothing but LibTorch and OpenCV. Each subcommand lives in its own <name>_command.cpp.

#include "commands.h"
#include "error_exit.h"
#include "exit_codes.h"
#include "log_setup.h"
#include "version_text.h"

#include "cnnwb/engine/core/threads.h"

#include <CLI/App.hpp>
#include <CLI/Config.hpp>
#include <CLI/Formatter.hpp>

#include <algorithm>
#include <iostream>

namespace {

using namespace cnnwb::app;

std::string commandNames(const std::vector<std::unique_ptr<Command>>& commands)
{
    std::string names;
    for (const auto& command : commands)
        names += (names.empty() ? "" : ", ") + command->name();
    return names;
}

} // namespace

int main(int argc, char** argv)
{
    setUpLogging({.programName = "cnnwb"});
    cnnwb::engine::configureThreads(0);

    CLI::App cli{"CNN Workbench command line: train and inspect convolutional networks", "cnnwb"};
    cli.set_version_flag("--version", versionText());
    cli.require_subcommand(1);
    const std::vector<std::unique_ptr<Command>> commands = commandList();
    for (const auto& command : commands)
        command->addOptions(*cli.add_subcommand(command->name(), command->description()));

    // CLI11 would report a mistyped command as "a subcommand is required"; name it instead.
    const auto known = [&](const std::string& word) {
        return std::any_of(
            commands.begin(), commands.end(), [&](const auto& command) { return command->name() == word; });
    };
    if (argc > 1 && argv[1][0] != '-' && !known(argv[1])) {
        std::cerr << "cnnwb: error: unknown command \"" << argv[1] << "\" (commands: " << commandNames(commands)
                  << "; see cnnwb --help)\n";
        return kExitUsage;
    }
    try {
        cli.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
        std::cout << cli.help();
        return 0;
    } catch (const CLI::CallForVersion&) {
        std::cout << versionText() << '\n';
        return 0;
    } catch (const CLI::ParseError& e) {
        // One line, then a pointer to the help: never a usage dump the user has to read through.
        std::cerr << "cnnwb: error: " << e.what() << " (see cnnwb --help)\n";
        return kExitUsage;
    }
    for (const auto& command : commands)
        if (cli.got_subcommand(command->name()))
            return exitCodeOf([&] { return command->run(); });
    return kExitUsage;
}
