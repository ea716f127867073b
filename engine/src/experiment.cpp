#include "cnnwb/engine/experiment.h"

#include "atomic_file.h"
#include "binary_file.h"

#include "cnnwb/engine/error.h"

#include <nlohmann/json.hpp>


namespace cnnwb::engine {
namespace {

using nlohmann::json;

template <typename T>
void readInto(const json& object, const char* key, T& value, const std::string& source, const std::string& path)
{
    const auto it = object.find(key);
    if (it == object.end())
        return;
    try {
        value = it->get<T>();
    } catch (const json::exception&) {
        throw Error(ErrorCode::InvalidData, path + "." + key + ": has the wrong type", {source});
    }
}

} // namespace

std::string experimentToJson(const Experiment& experiment, const std::filesystem::path& baseDir)
{
    json j;
    j["version"] = Experiment::kVersion;
    j["model"] = json::parse(modelSpecToJson(experiment.model));
    std::filesystem::path data = experiment.dataFolder;
    if (!baseDir.empty() && !data.empty()) {
        const auto relative = data.lexically_normal().lexically_relative(baseDir.lexically_normal());
        if (!relative.empty() && *relative.begin() != "..")
            data = relative;
    }
    j["data"] = {{"folder", data.string()}};
    const TrainConfig& t = experiment.training;
    j["training"] = {{"epochs", t.epochs}, {"batch_size", t.batchSize}, {"learning_rate", t.learningRate},
        {"optimizer", "adam"}, {"device", t.device}, {"seed", t.seed}, {"threads", t.threads}};
    return j.dump(2) + "\n";
}

Experiment experimentFromJson(const std::string& text, const std::filesystem::path& baseDir, const std::string& source)
{
    json j;
    try {
        j = json::parse(text);
    } catch (const json::parse_error& e) {
        throw Error(ErrorCode::InvalidData, std::string("not valid JSON: ") + e.what(), {source});
    }
    if (!j.is_object() || !j.contains("model"))
        throw Error(ErrorCode::InvalidData, "not an experiment file (no \"model\")", {source});
    int version = Experiment::kVersion;
    readInto(j, "version", version, source, "experiment");
    if (version > Experiment::kVersion)
        throw Error(ErrorCode::InvalidData,
            "written by a newer CNN Workbench (experiment version " + std::to_string(version) + ")", {source});

    Experiment experiment;
    experiment.model = modelSpecFromJson(j["model"].dump(), source);
    if (const auto data = j.find("data"); data != j.end() && data->is_object()) {
        std::string folder;
        readInto(*data, "folder", folder, source, "data");
        experiment.dataFolder = folder;
        if (!folder.empty() && experiment.dataFolder.is_relative() && !baseDir.empty())
            experiment.dataFolder = (baseDir / experiment.dataFolder).lexically_normal();
    }
    if (const auto training = j.find("training"); training != j.end() && training->is_object()) {
        TrainConfig& t = experiment.training;
        readInto(*training, "epochs", t.epochs, source, "training");
        readInto(*training, "batch_size", t.batchSize, source, "training");
        readInto(*training, "learning_rate", t.learningRate, source, "training");
        readInto(*training, "device", t.device, source, "training");
        readInto(*training, "seed", t.seed, source, "training");
        readInto(*training, "threads", t.threads, source, "training");
        std::string optimizer = "adam";
        readInto(*training, "optimizer", optimizer, source, "training");
        if (optimizer != "adam")
            throw Error(
                ErrorCode::InvalidData, "training.optimizer: \"" + optimizer + "\" is not supported (adam)", {source});
    }
    return experiment;
}

Experiment loadExperiment(const std::filesystem::path& file)
{
    return experimentFromJson(readTextFile(file, "experiment file"), file.parent_path(), file.string());
}

void saveExperiment(const Experiment& experiment, const std::filesystem::path& file)
{
    writeFileAtomically(file, experimentToJson(experiment, file.parent_path()));
}

} // namespace cnnwb::engine
