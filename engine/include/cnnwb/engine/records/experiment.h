#pragma once

#include "cnnwb/engine/data/data_options.h"
#include "cnnwb/engine/model/model_spec.h"
#include "cnnwb/engine/sweep/sweep_spec.h"
#include "cnnwb/engine/train/train_config.h"

#include <filesystem>
#include <string>

namespace cnnwb::engine {

/// Everything a run needs, saved together as one JSON file (docs/experiment-file.md): the model,
/// the dataset folder and the training settings. The GUI's File menu and `cnnwb train --experiment`
/// read the same file.
struct Experiment {
    static constexpr int kVersion = 1;

    ModelSpec model;
    std::filesystem::path dataFolder; ///< stored relative to the file when it lies below it
    DataOptions data;                 ///< how the folder's images become the dataset
    TrainConfig training;             ///< outDir is not stored: each run chooses its own
    /// The settings to vary and how (docs/sweeps.md); empty = a single run. `cnnwb train` and the
    /// Training page ignore it; `cnnwb sweep` and the Sweep page run it.
    SweepSpec sweep;
};

/// JSON text of an experiment; paths are written relative to `baseDir` where they lie below it.
[[nodiscard]] std::string experimentToJson(const Experiment& experiment, const std::filesystem::path& baseDir = {});
/// Parses an experiment; relative paths are resolved against `baseDir`. Throws Error(InvalidData)
/// naming `source` and the JSON path of the bad value.
[[nodiscard]] Experiment experimentFromJson(
    const std::string& json, const std::filesystem::path& baseDir = {}, const std::string& source = "experiment");

/// File versions of the above; saving is atomic (a crash leaves the old file). Throw Error naming the file.
[[nodiscard]] Experiment loadExperiment(const std::filesystem::path& file);
void saveExperiment(const Experiment& experiment, const std::filesystem::path& file);

} // namespace cnnwb::engine
