#pragma once

#include "cnnwb/engine/insight/layer_health.h"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

namespace cnnwb::engine {

/// A run folder's health.jsonl (docs/layer-health.md): a line per health sample and a line per
/// epoch (histograms and diagnoses), the epoch's pictures as PNG files under health/. Each line is
/// flushed as written, so a killed run keeps what it measured.
class HealthLog {
public:
    /// Where a resumed run continues: at `step` of `epoch`, from a checkpoint in `earlierFolder`
    /// (empty: the run's own folder).
    struct Continuation {
        bool resumed = false;
        int epoch = 1;
        std::int64_t step = 0;
        std::filesystem::path earlierFolder;
    };

    /// Opens `folder`/health.jsonl. A resumed run keeps the lines of the earlier record from
    /// before the point it continues at (returned in `kept`) and drops the rest, which it measures
    /// again; a fresh run starts the file anew.
    HealthLog(const std::filesystem::path& folder, const Continuation& from, HealthRecord& kept);

    void write(const HealthSample& sample);
    void write(const EpochHealth& epoch);

    static constexpr const char* kFileName = "health.jsonl";
    static constexpr const char* kPictureFolder = "health";

private:
    void writeLine(const std::string& line);

    std::filesystem::path m_folder;
    std::ofstream m_file;
};

/// health/filters_0003.png and health/features_0003.png of epoch 3.
[[nodiscard]] std::filesystem::path healthPicture(const std::filesystem::path& folder, const char* what, int epoch);

} // namespace cnnwb::engine
