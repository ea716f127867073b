#include "train_options.h"
#include "whole_number.h"

#include "text_file.h"

#include "cnnwb/engine/augment/augmentation.h"

#include <CLI/App.hpp>

#include <charconv>
#include <filesystem>

namespace cnnwb::app {

TrainPlan mergeTrainOptions(const TrainInputs& inputs)
{
    TrainPlan plan;
    if (!inputs.resumeFile.empty()) {
        plan.resume = engine::Checkpoint::load(inputs.resumeFile);
        plan.experiment = plan.resume->info().experiment;
        plan.modelGiven = true;
    }
    if (!inputs.experimentFile.empty()) {
        plan.experiment = engine::loadExperiment(inputs.experimentFile);
        plan.modelGiven = true;
    }
    if (!inputs.augmentFile.empty())
        plan.experiment.training.augmentation
            = engine::augmentationFromJson(readText(inputs.augmentFile), inputs.augmentFile);
    for (const GivenTrainFlag& given : inputs.given) {
        given.flag->read(plan.experiment, given.values);
        if (given.flag->name == "--model") {
            plan.modelGiven = true;
            plan.fitModelToData = engine::namesPreset(given.values.at(0));
        }
    }
    return plan;
}

void TrainOptions::addTo(CLI::App& app)
{
    for (const engine::TrainFlag& flag : engine::trainFlags()) {
        Slot& slot = m_slots.emplace_back();
        slot.flag = &flag;
        addFlag(app, slot);
        addOwnOptionsAfter(app, flag.name);
    }
    app.add_flag("--print-experiment", m_printExperiment,
        "Print the experiment these options give (JSON, as in an experiment file) and exit without training");
}

// The command's own options sit where the help has always listed them, between the table's.
void TrainOptions::addOwnOptionsAfter(CLI::App& app, const std::string& flagName)
{
    if (flagName == "--data")
        app.add_option("--experiment", m_experimentFile,
            "Experiment file saved by the workbench (model, data, training); other options override it");
    if (flagName == "--augment")
        app.add_option("--augment-file", m_augmentFile,
            "Augmentation and normalization spec (JSON, as in an experiment's \"augmentation\")");
    if (flagName == "--sync-batchnorm")
        app.add_option("--dist-timeout", m_distributedTimeout,
               "Distributed runs: seconds to wait for another process before failing (default 300, or "
               "$CNNWB_DIST_TIMEOUT)")
            ->check(CLI::Range(1, 86400));
    if (flagName == "--crop-reflect") {
        app.add_option("--out", m_outDir,
            "Folder for model.pth (state dict), metrics.csv and the checkpoints last.ckpt and best.ckpt");
        app.add_flag("--overwrite", m_overwrite,
            "Replace a run already in the --out folder (without it, a folder holding another run is refused)");
        app.add_option("--resume", m_resumeFile,
            "Continue the run saved in this checkpoint (its model, data and settings unless given here), in the "
            "checkpoint's folder unless --out says otherwise; --epochs is the total to reach");
        app.add_option("--stop-after-epoch", m_stopAfterEpoch,
               "Stop after this epoch, keeping last.ckpt, although the run plans --epochs (its schedule included); "
               "--resume continues it as if it had not stopped (a sweep's successive halving does this)")
            ->check(CLI::Range(0, 100000));
    }
}

void TrainOptions::addFlag(CLI::App& app, Slot& slot)
{
    using Type = engine::TrainFlagType;
    const engine::TrainFlag& flag = *slot.flag;
    // The storage starts at the default experiment's value: what the help shows as the default.
    const std::vector<std::string> defaults = flag.value(engine::Experiment{});
    const std::string initial = defaults.empty() ? std::string() : defaults.front();
    // Typed storage, so that CLI11 converts and checks the value (and words its errors) as it always has.
    const auto addNumber = [&](auto& storage, auto low, auto high) {
        std::from_chars(initial.data(), initial.data() + initial.size(), storage);
        slot.option = app.add_option(flag.name, storage, flag.help);
        if (flag.type != Type::Real) // before CLI11 converts: "3.7" would become 3, "-1" a huge seed
            slot.option->check(wholeNumber(flag.type == Type::Integer));
        if (flag.hasRange())
            slot.option->check(CLI::Range(low, high));
    };
    switch (flag.type) {
    case Type::Switch:
        slot.option = app.add_flag(flag.name, slot.on, flag.help);
        break;
    case Type::Integer:
        addNumber(slot.integer, static_cast<int>(flag.min), static_cast<int>(flag.max));
        break;
    case Type::Unsigned:
        addNumber(slot.unsignedValue, static_cast<std::uint64_t>(flag.min), static_cast<std::uint64_t>(flag.max));
        break;
    case Type::Real:
        addNumber(slot.real, flag.min, flag.max);
        break;
    case Type::Text:
        if (flag.showDefault)
            slot.text = initial;
        slot.option = app.add_option(flag.name, slot.text, flag.help);
        break;
    case Type::TextList:
        slot.option = app.add_option(flag.name, slot.list, flag.help)->delimiter(',');
        break;
    }
    if (!flag.choices.empty())
        slot.option->check(CLI::IsMember(flag.choices));
    if (flag.showDefault)
        slot.option->capture_default_str();
}

std::vector<std::string> TrainOptions::valuesOf(const Slot& slot)
{
    switch (slot.flag->type) {
    case engine::TrainFlagType::Switch:
        return {slot.on ? "true" : "false"};
    case engine::TrainFlagType::Integer:
        return {std::to_string(slot.integer)};
    case engine::TrainFlagType::Unsigned:
        return {std::to_string(slot.unsignedValue)};
    case engine::TrainFlagType::Real:
        return {engine::exactText(slot.real)};
    case engine::TrainFlagType::Text:
        return {slot.text};
    case engine::TrainFlagType::TextList:
        return slot.list;
    }
    return {};
}

std::string TrainOptions::outDir() const
{
    if (m_outDir.empty() && !m_resumeFile.empty()) {
        const std::filesystem::path folder = std::filesystem::path(m_resumeFile).parent_path();
        return folder.empty() ? std::string(".") : folder.lexically_normal().string();
    }
    return m_outDir;
}

TrainInputs TrainOptions::inputs() const
{
    TrainInputs inputs{.experimentFile = m_experimentFile, .resumeFile = m_resumeFile, .augmentFile = m_augmentFile};
    for (const Slot& slot : m_slots)
        if (slot.option->count() > 0)
            inputs.given.push_back({slot.flag, valuesOf(slot)});
    return inputs;
}

} // namespace cnnwb::app
