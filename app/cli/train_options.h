#pragma once

#include "cnnwb/engine/records/experiment.h"
#include "cnnwb/engine/records/train_flags.h"
#include "cnnwb/engine/train/checkpoint.h"

#include <CLI/App.hpp>

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

namespace cnnwb::app {

/// A train flag given on the command line, with its values as the table reads them.
struct GivenTrainFlag {
    const engine::TrainFlag* flag = nullptr;
    std::vector<std::string> values;
};

/// What `cnnwb train` was told about the experiment to run.
struct TrainInputs {
    std::string experimentFile;        ///< --experiment: the settings to start from
    std::string resumeFile;            ///< --resume: a checkpoint, whose experiment to start from
    std::string augmentFile;           ///< --augment-file: augmentation and normalization from a file
    std::vector<GivenTrainFlag> given; ///< in the table's order (engine::trainFlags())
};

/// The experiment a training runs, and how.
struct TrainPlan {
    engine::Experiment experiment;
    /// False when neither a file nor --model named the model: the run trains the seed CNN fitted to
    /// the data (experiment.model is then empty).
    bool modelGiven = false;
    /// --model named a built-in preset: fitted to the data's shape and classes before it trains.
    bool fitModelToData = false;
    std::optional<engine::Checkpoint> resume;
};

/// The experiment-override merge: start from the default experiment, or the checkpoint's with
/// --resume, or the file's with --experiment (which wins over the checkpoint's); then --augment-file;
/// then every flag given, in the table's order. Flags not given leave the file's settings. Throws
/// engine::Error for a file that cannot be read or a value the table rejects.
[[nodiscard]] TrainPlan mergeTrainOptions(const TrainInputs& inputs);

/// Every `cnnwb train` option, registered on a CLI::App from the engine's train-flag table (with the
/// command's own: --experiment, --resume, --augment-file, --out, --dist-timeout, --print-experiment).
class TrainOptions {
public:
    /// Adds the options to `app`, in the order the help lists them.
    void addTo(CLI::App& app);
    /// After a successful parse: the files and the flags given.
    [[nodiscard]] TrainInputs inputs() const;

    /// --out: where the run writes its files; a resumed run writes into its checkpoint's folder when
    /// not told otherwise (empty = nothing written).
    [[nodiscard]] std::string outDir() const;
    /// --overwrite: replace a run already in the output folder.
    [[nodiscard]] bool overwrite() const { return m_overwrite; }
    /// --stop-after-epoch: stop after this epoch although the run plans more (0 = no such stop).
    [[nodiscard]] int stopAfterEpoch() const { return m_stopAfterEpoch; }
    /// --dist-timeout in seconds; 0 = the default.
    [[nodiscard]] int distributedTimeout() const { return m_distributedTimeout; }
    /// --print-experiment: print the merged experiment instead of training.
    [[nodiscard]] bool printExperiment() const { return m_printExperiment; }

private:
    // One table flag's storage, typed as CLI11 should convert and check it.
    struct Slot {
        const engine::TrainFlag* flag = nullptr;
        CLI::Option* option = nullptr;
        bool on = false;
        int integer = 0;
        std::uint64_t unsignedValue = 0;
        double real = 0.0;
        std::string text;
        std::vector<std::string> list;
    };

    void addFlag(CLI::App& app, Slot& slot);
    void addOwnOptionsAfter(CLI::App& app, const std::string& flagName);
    [[nodiscard]] static std::vector<std::string> valuesOf(const Slot& slot);

    std::deque<Slot> m_slots; // stable addresses: CLI11 keeps pointers into them
    std::string m_experimentFile;
    std::string m_resumeFile;
    std::string m_augmentFile;
    std::string m_outDir;
    int m_distributedTimeout = 0;
    bool m_printExperiment = false;
    bool m_overwrite = false;
    int m_stopAfterEpoch = 0;
};

} // namespace cnnwb::app
