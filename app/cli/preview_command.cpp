// cnnwb preview: the augmentation preview grid (what the workbench's Data page shows) as a PNG.

#include "commands.h"
#include "error_exit.h"
#include "text_file.h"
#include "whole_number.h"

#include "cnnwb/engine.h"
#include "cnnwb/engine/records/train_flags.h"

#include <CLI/App.hpp>

#include <cstdio>
#include <sstream>

namespace cnnwb::app {
namespace {

struct PreviewOptions {
    std::string dataDir;
    std::string experimentFile;
    std::string augmentFile;
    std::vector<std::string> ops;
    std::uint64_t seed = 0;
    int epoch = 0;
    std::uint64_t pick = 0;
    std::string grid = "8x4";
    bool sameImage = false;
    bool showOriginal = false;
    int zoom = 0;
    std::string inputSize;
    std::string resize;
    std::string out;
};

const engine::TrainFlag& augmentFlag()
{
    return *engine::findTrainFlag("--augment");
}

int runPreview(const PreviewOptions& command)
{
    engine::PreviewOptions options;
    char separator = 0;
    std::istringstream grid(command.grid);
    if (!(grid >> options.columns >> separator >> options.rows) || (separator != 'x' && separator != 'X')
        || options.columns < 1 || options.rows < 1 || options.columns > 64 || options.rows > 64) {
        return usageError("--grid wants COLUMNSxROWS, e.g. 8x4 (1 to 64 each)");
    }
    std::string dataDir = command.dataDir;
    engine::DataOptions data;
    engine::AugmentationSpec spec;
    spec.crop.enabled = true; // without any spec: what most CIFAR recipes use
    spec.horizontalFlip.enabled = true;
    options.seed = command.seed;
    if (!command.experimentFile.empty()) {
        const engine::Experiment experiment = engine::loadExperiment(command.experimentFile);
        spec = experiment.training.augmentation;
        options.seed = experiment.training.seed;
        data = experiment.data;
        if (dataDir.empty())
            dataDir = experiment.dataFolder.string();
    }
    if (!command.augmentFile.empty())
        spec = engine::augmentationFromJson(readText(command.augmentFile), command.augmentFile);
    if (!command.ops.empty()) {
        // The named ops with their default settings, as `cnnwb train --augment` gives them.
        engine::Experiment ops;
        ops.training.augmentation.normalize = spec.normalize;
        augmentFlag().read(ops, command.ops);
        spec = ops.training.augmentation;
    }
    if (dataDir.empty()) {
        return usageError("preview needs --data DIR or --experiment FILE");
    }
    // What the network receives: the same flags as cnnwb train's, read by the same code.
    engine::Experiment sized;
    sized.data = data;
    if (!command.inputSize.empty())
        engine::findTrainFlag("--input-size")->read(sized, {command.inputSize});
    if (!command.resize.empty())
        engine::findTrainFlag("--resize")->read(sized, {command.resize});
    engine::validate(spec);
    options.epoch = command.epoch;
    options.pick = command.pick;
    options.sameImage = command.sameImage;
    options.showOriginal = command.showOriginal;
    options.zoom = command.zoom;

    const engine::Dataset dataset = engine::Dataset::load(dataDir, sized.data);
    const engine::RgbImage image = engine::renderPreviewGrid(dataset, spec, options);
    engine::saveImage(image, command.out);
    std::printf("%dx%d preview of %s (%s; %s) written to %s (%dx%d pixels)\n", options.columns, options.rows,
        dataset.info().name.c_str(), engine::describe(spec).c_str(),
        ("normalization " + engine::describe(spec.normalize, dataset.info().shape.channels)).c_str(),
        command.out.c_str(), image.width, image.height);
    return 0;
}

class PreviewCommand : public Command {
public:
    [[nodiscard]] std::string name() const override { return "preview"; }
    [[nodiscard]] std::string description() const override
    {
        return "Write the augmentation preview grid (what the workbench's Data page shows) of training images as PNG";
    }

    void addOptions(CLI::App& app) override
    {
        PreviewOptions& o = m_options;
        app.add_option("--data", o.dataDir, "Dataset folder");
        app.add_option(
            "--experiment", o.experimentFile, "Experiment file: its data folder, augmentation, normalization and seed");
        app.add_option("--augment", o.augmentFile,
            "Augmentation spec (JSON; an experiment file works too); default: the experiment's, else crop + flip");
        app.add_option("--ops", o.ops, "Or name ops with default settings: crop, hflip, ...")
            ->delimiter(',')
            ->check(CLI::IsMember(augmentFlag().choices));
        addWholeNumber(app, "--seed", o.seed, "Training seed (the randomness training will use)");
        addWholeNumber(app, "--epoch", o.epoch, "Which epoch's randomness to show")
            ->capture_default_str()
            ->check(CLI::Range(0, 1000000));
        addWholeNumber(app, "--pick", o.pick, "Which images: another number picks others")->capture_default_str();
        app.add_option("--grid", o.grid, "Columns x rows")->capture_default_str();
        app.add_flag("--same-image", o.sameImage, "Every tile shows one image's variations");
        app.add_flag("--original", o.showOriginal, "Each tile shows the original beside it");
        addWholeNumber(app, "--zoom", o.zoom, "Screen pixels per image pixel (0 = automatic)")
            ->check(CLI::Range(0, 32));
        app.add_option("--input-size", o.inputSize, engine::findTrainFlag("--input-size")->help);
        app.add_option("--resize", o.resize, engine::findTrainFlag("--resize")->help)
            ->check(CLI::IsMember(engine::findTrainFlag("--resize")->choices));
        app.add_option("--out", o.out, "PNG file to write")->required();
    }

    int run() override { return runPreview(m_options); }

private:
    PreviewOptions m_options;
};

} // namespace

std::unique_ptr<Command> makePreviewCommand()
{
    return std::make_unique<PreviewCommand>();
}

} // namespace cnnwb::app
