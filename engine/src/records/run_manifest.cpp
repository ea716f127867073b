#include "cnnwb/engine/records/run_manifest.h"

#include "core/atomic_file.h"
#include "core/binary_file.h"
#include "core/json_document.h"

#include "cnnwb/engine/core/error.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <ctime>

namespace cnnwb::engine {

using nlohmann::json;

std::string utcTimestamp()
{
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

std::string runManifestToJson(const RunManifest& m)
{
    json j;
    j["version"] = RunManifest::kVersion;
    j["experiment"] = json::parse(experimentToJson(m.experiment));
    j["seed"] = m.experiment.training.seed;
    const VersionInfo& v = m.versions;
    j["software"] = {{"cnn_workbench", v.project}, {"git_commit", v.gitCommit}, {"libtorch", v.libtorch},
        {"cuda_build", v.cuda}, {"cuda_runtime", v.cudaRuntime}, {"cudnn", v.cudnn}, {"opencv", v.opencv}};
    j["environment"] = m.environment;
    j["device"] = {{"name", m.deviceName}, {"id", m.device}, {"cpu_threads", m.cpuThreads}};
    j["distributed"] = {{"world_size", m.worldSize}, {"backend", m.distributedBackend}, {"launcher", m.launcher}};
    j["dataset"]
        = {{"name", m.dataset.name}, {"format", m.dataset.format}, {"folder", m.experiment.dataFolder.string()},
            {"train_count", m.dataset.trainCount}, {"test_count", m.dataset.testCount},
            {"shape", {m.dataset.shape.channels, m.dataset.shape.height, m.dataset.shape.width}},
            {"class_names", m.dataset.classNames}, {"checksum", m.dataset.fingerprint}};
    j["started_at"] = m.startedAt;
    j["resumed_from"] = m.resumedFrom;
    j["result"] = {{"status", m.status}, {"failure", m.failure}, {"epochs_done", m.epochsDone},
        {"best_epoch", m.bestEpoch}, {"best_test_accuracy", m.bestTestAccuracy}, {"finished_at", m.finishedAt}};
    return j.dump(2) + "\n";
}

RunManifest loadRunManifest(const std::filesystem::path& file)
{
    const std::string text = readTextFile(file, "run manifest");
    try {
        const json j = parseJsonDocument(text, file.string());
        RunManifest m;
        m.experiment = experimentFromJson(j.at("experiment").dump(), {}, file.string());
        const json& s = j.at("software");
        m.versions = {s.at("cnn_workbench").get<std::string>(), s.at("libtorch").get<std::string>(),
            s.at("cuda_build").get<std::string>(), s.at("cuda_runtime").get<std::string>(),
            s.at("cudnn").get<std::string>(), s.at("opencv").get<std::string>(), s.at("git_commit").get<std::string>()};
        m.environment = j.at("environment").get<std::map<std::string, std::string>>();
        m.device = j.at("device").at("id").get<std::string>();
        m.deviceName = j.at("device").at("name").get<std::string>();
        m.cpuThreads = jsonGet<int>(j.at("device").at("cpu_threads"));
        if (const auto d = j.find("distributed"); d != j.end() && d->is_object()) {
            m.worldSize = d->value("world_size", 1);
            m.distributedBackend = d->value("backend", std::string());
            m.launcher = d->value("launcher", std::string());
        }
        const json& d = j.at("dataset");
        m.dataset.name = d.at("name").get<std::string>();
        m.dataset.format = d.at("format").get<std::string>();
        m.dataset.trainCount = jsonGet<std::int64_t>(d.at("train_count"));
        m.dataset.testCount = jsonGet<std::int64_t>(d.at("test_count"));
        const auto shape = jsonGet<std::vector<int>>(d.at("shape"));
        if (shape.size() == 3)
            m.dataset.shape = ImageShape{shape[0], shape[1], shape[2]};
        m.dataset.classNames = d.at("class_names").get<std::vector<std::string>>();
        m.dataset.fingerprint = d.at("checksum").get<std::string>();
        m.startedAt = j.at("started_at").get<std::string>();
        m.resumedFrom = j.at("resumed_from").get<std::string>();
        const json& r = j.at("result");
        m.status = r.at("status").get<std::string>();
        m.failure = r.at("failure").get<std::string>();
        m.epochsDone = jsonGet<int>(r.at("epochs_done"));
        m.bestEpoch = jsonGet<int>(r.at("best_epoch"));
        m.bestTestAccuracy = r.at("best_test_accuracy").get<double>();
        m.finishedAt = r.at("finished_at").get<std::string>();
        return m;
    } catch (const json::exception& e) {
        throw Error(ErrorCode::InvalidData, "malformed run manifest: " + plainJsonMessage(e), {file.string()});
    }
}

void saveRunManifest(const RunManifest& manifest, const std::filesystem::path& file)
{
    writeFileAtomically(file, runManifestToJson(manifest));
}

} // namespace cnnwb::engine
