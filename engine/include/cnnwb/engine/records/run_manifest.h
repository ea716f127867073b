#pragma once

#include "cnnwb/engine/core/version.h"
#include "cnnwb/engine/records/experiment.h"
#include "cnnwb/engine/train/checkpoint.h"

#include <filesystem>
#include <map>
#include <string>

namespace cnnwb::engine {

/// manifest.json in a run's folder: everything needed to tell what produced the run and to run it
/// again (`cnnwb reproduce RUN_DIR`). Written when the run starts and again when it ends.
struct RunManifest {
    static constexpr int kVersion = 1;

    Experiment experiment;          ///< model, data folder, settings (seed included)
    VersionInfo versions;           ///< project version, git commit, LibTorch, CUDA runtime, cuDNN, OpenCV
    DatasetIdentity dataset;        ///< with the checksum of every label and pixel
    std::string device;             ///< "cpu" or "cuda:0"
    std::string deviceName;         ///< "CPU (2 threads)" or the GPU's name
    int cpuThreads = 0;             ///< LibTorch's intra-op threads (results on the CPU depend on it)
    int worldSize = 1;              ///< processes of a data-parallel run (global batch = batch size × this)
    std::string distributedBackend; ///< "gloo" or "nccl"; empty for one process
    std::string launcher;           ///< "torchrun", "slurm" or "env"; empty for one process
    /// Front-end facts: "front_end" (cnnwb / cnn-workbench), "qt", "container_image" (from
    /// $CNNWB_IMAGE_TAG, which the Docker image sets), "hostname".
    std::map<std::string, std::string> environment;
    std::string startedAt;          ///< UTC, ISO 8601
    std::string resumedFrom;        ///< the checkpoint a resumed run continued, else empty
    std::string status = "running"; ///< running, finished, stopped, early-stopped, failed
    std::string failure;            ///< the error, when failed
    int epochsDone = 0;
    int bestEpoch = 0;
    double bestTestAccuracy = 0.0;
    std::string finishedAt;
};

[[nodiscard]] std::string runManifestToJson(const RunManifest& manifest);
/// Throws Error(InvalidData) naming `file`, Error(Io) if it cannot be read.
[[nodiscard]] RunManifest loadRunManifest(const std::filesystem::path& file);
/// Atomic; throws Error(Io).
void saveRunManifest(const RunManifest& manifest, const std::filesystem::path& file);

/// The current time in UTC as ISO 8601 ("2026-11-28T15:40:00Z").
[[nodiscard]] std::string utcTimestamp();

} // namespace cnnwb::engine
