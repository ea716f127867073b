#include "cli_preview.h"

#include "cnnwb/engine.h"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

namespace cnnwb::app {

void enableOps(engine::AugmentationSpec& spec, const std::vector<std::string>& ops)
{
    for (const std::string& op : ops) {
        spec.crop.enabled |= op == "crop";
        spec.horizontalFlip.enabled |= op == "hflip";
        spec.verticalFlip.enabled |= op == "vflip";
        spec.rotation.enabled |= op == "rotate";
        spec.affine.enabled |= op == "affine";
        spec.colorJitter.enabled |= op == "jitter";
        spec.grayscale.enabled |= op == "gray";
        spec.blur.enabled |= op == "blur";
        spec.cutout.enabled |= op == "cutout";
    }
}

std::vector<std::string> normalizeChoices()
{
    std::vector<std::string> names = engine::normalizationPresetNames();
    names.emplace_back("none");
    return names;
}

void applyNormalizePreset(engine::Normalization& normalization, const std::string& name)
{
    if (name == "none") {
        normalization.enabled = false;
        return;
    }
    if (const auto preset = engine::normalizationPreset(name))
        normalization = *preset;
}

std::string readText(const std::string& file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw engine::Error(engine::ErrorCode::Io, "cannot open file", {file});
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

int runPreview(const PreviewCommand& command)
{
    constexpr int kExitUsage = 2;
    engine::PreviewOptions options;
    char separator = 0;
    std::istringstream grid(command.grid);
    if (!(grid >> options.columns >> separator >> options.rows) || (separator != 'x' && separator != 'X')
        || options.columns < 1 || options.rows < 1 || options.columns > 64 || options.rows > 64) {
        std::cerr << "cnnwb: error: --grid wants COLUMNSxROWS, e.g. 8x4 (1 to 64 each)\n";
        return kExitUsage;
    }
    std::string dataDir = command.dataDir;
    engine::AugmentationSpec spec;
    spec.crop.enabled = true; // without any spec: what most CIFAR recipes use
    spec.horizontalFlip.enabled = true;
    options.seed = command.seed;
    if (!command.experimentFile.empty()) {
        const engine::Experiment experiment = engine::loadExperiment(command.experimentFile);
        spec = experiment.training.augmentation;
        options.seed = experiment.training.seed;
        if (dataDir.empty())
            dataDir = experiment.dataFolder.string();
    }
    if (!command.augmentFile.empty())
        spec = engine::augmentationFromJson(readText(command.augmentFile), command.augmentFile);
    if (!command.ops.empty()) {
        const engine::Normalization normalization = spec.normalize;
        spec = {};
        spec.normalize = normalization;
        enableOps(spec, command.ops);
    }
    if (dataDir.empty()) {
        std::cerr << "cnnwb: error: preview needs --data DIR or --experiment FILE\n";
        return kExitUsage;
    }
    engine::validate(spec);
    options.epoch = command.epoch;
    options.pick = command.pick;
    options.sameImage = command.sameImage;
    options.showOriginal = command.showOriginal;
    options.zoom = command.zoom;

    const engine::Dataset dataset = engine::Dataset::load(dataDir);
    const engine::RgbImage image = engine::renderPreviewGrid(dataset, spec, options);
    engine::saveImage(image, command.out);
    std::printf("%dx%d preview of %s (%s; %s) written to %s (%dx%d pixels)\n", options.columns, options.rows,
        dataset.info().name.c_str(), engine::describe(spec).c_str(),
        ("normalization " + engine::describe(spec.normalize, dataset.info().shape.channels)).c_str(),
        command.out.c_str(), image.width, image.height);
    return 0;
}

} // namespace cnnwb::app
