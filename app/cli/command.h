#pragma once

#include <CLI/App.hpp>

#include <string>

namespace cnnwb::app {

/// One `cnnwb` subcommand. main() makes a CLI::App for each command in commandList(), lets the command
/// add its options there (bound to its own members), parses, and calls run() on the one given.
class Command {
public:
    Command() = default;
    Command(const Command&) = delete;
    Command& operator=(const Command&) = delete;
    Command(Command&&) = delete;
    Command& operator=(Command&&) = delete;
    virtual ~Command() = default;

    /// What the user types: "train".
    [[nodiscard]] virtual std::string name() const = 0;
    /// One line for `cnnwb --help`.
    [[nodiscard]] virtual std::string description() const = 0;
    /// Adds the subcommand's options and positionals to its CLI::App.
    virtual void addOptions(CLI::App& app) = 0;
    /// Does the work after a successful parse and returns the exit code (exit_codes.h). May throw:
    /// main turns engine::Error and std::exception into one line and an exit code.
    virtual int run() = 0;
};

} // namespace cnnwb::app
