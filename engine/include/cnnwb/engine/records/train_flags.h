#pragma once

#include "cnnwb/engine/records/experiment.h"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cnnwb::engine {

/// How a train flag's value is spelt on the command line (and so how a parser must bind it).
enum class TrainFlagType {
    Switch,   ///< no value: present = on
    Integer,  ///< a signed whole number
    Unsigned, ///< a 64-bit unsigned whole number (seeds)
    Real,     ///< a floating-point number
    Text,     ///< one word
    TextList, ///< comma-separated words
};

/// One `cnnwb train` flag that carries a setting of an experiment: what it is called and says in
/// the help, which values it accepts, and how it reads and writes its setting. The CLI registers
/// its options from this table and the GUI's Copy Training Command Line writes from it, so what one
/// writes the other parses.
struct TrainFlag {
    std::string name; ///< "--epochs"
    std::string help;
    TrainFlagType type = TrainFlagType::Text;
    /// Inclusive range for Integer and Real flags; none when both are 0.
    double min = 0.0;
    double max = 0.0;
    std::vector<std::string> choices; ///< allowed words for Text and TextList (empty = any)
    bool showDefault = false;         ///< the help shows the default experiment's value
    /// The setting as the flag's values ("1", "0.001", {"crop", "hflip"}; "true"/"false" for a switch).
    std::function<std::vector<std::string>(const Experiment&)> value;
    /// Sets the setting from values the parser has already checked against type, range and choices.
    /// Throws Error naming the flag where a value still cannot be used (a missing file, bad JSON).
    std::function<void(Experiment&, const std::vector<std::string>&)> read;
    /// Whether trainArguments writes the flag for this experiment; empty = when `value` differs
    /// from the default experiment's.
    std::function<bool(const Experiment&)> needed;

    [[nodiscard]] bool hasRange() const noexcept { return min != 0.0 || max != 0.0; }
};

/// The train flags in the order `cnnwb train --help` lists them. An experiment's augmentation is
/// written as --augment/--crop-padding/--crop-reflect/--normalize where those say it all (ops at their
/// default settings, a named normalization), else as one --augmentation JSON value; its model as a
/// built-in preset's id where it is one (fitted to the model's input and classes), else as --model with
/// the spec's JSON text.
[[nodiscard]] const std::vector<TrainFlag>& trainFlags();

/// Whether a --model value names a built-in preset (and no file of that name exists). The flag reads
/// the preset as shipped; a run fits it to its data (adaptToDataset), as the workbench's presets menu
/// does, and trainArguments names a preset so fitted.
[[nodiscard]] bool namesPreset(const std::string& modelValue);

/// The flag called `name` ("--epochs"), or nullptr.
[[nodiscard]] const TrainFlag* findTrainFlag(std::string_view name);

/// The arguments after `cnnwb train` that give this experiment's every setting (the data folder
/// and model included), e.g. {"--data", "/d/cifar", "--model", "lenet5", "--epochs", "10"}.
/// Settings at their defaults are left out.
[[nodiscard]] std::vector<std::string> trainArguments(const Experiment& experiment);

/// `word` as a POSIX shell reads it back: unchanged when it has no special characters, else in
/// single quotes (a ' inside as '\'').
[[nodiscard]] std::string shellQuote(std::string_view word);
/// The words quoted and joined by spaces: a line to paste into a shell.
[[nodiscard]] std::string shellCommand(const std::vector<std::string>& words);

/// A number as the shortest text that reads back to the same double.
[[nodiscard]] std::string exactText(double value);

} // namespace cnnwb::engine
