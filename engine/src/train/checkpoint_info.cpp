#include "cnnwb/engine/train/checkpoint.h"

#include "core/json_document.h"
#include "data/dataset_data.h"

#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/data/dataset_format.h"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace cnnwb::engine {
namespace {

using nlohmann::json;

// FNV-1a, 64 bits: fast, and any changed byte changes it; nothing here needs a cryptographic hash.
void fnv1a(std::uint64_t& hash, const void* data, std::size_t size)
{
    const auto* bytes = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < size; ++i) {
        hash ^= bytes[i];
        hash *= 0x100000001b3ULL;
    }
}

json metricsToJson(const EpochMetrics& m)
{
    return {{"epoch", m.epoch}, {"train_loss", m.trainLoss}, {"train_accuracy", m.trainAccuracy},
        {"test_loss", m.testLoss}, {"test_accuracy", m.testAccuracy}, {"images_per_second", m.imagesPerSecond},
        {"seconds", m.seconds}, {"learning_rate", m.learningRate}, {"steps", m.steps},
        {"test_class_accuracy", m.testClassAccuracy}, {"confusion", m.confusion}};
}

EpochMetrics metricsFromJson(const json& j)
{
    EpochMetrics m;
    m.epoch = jsonGet<int>(j.at("epoch"));
    m.trainLoss = j.at("train_loss").get<double>();
    m.trainAccuracy = j.at("train_accuracy").get<double>();
    m.testLoss = j.at("test_loss").get<double>();
    m.testAccuracy = j.at("test_accuracy").get<double>();
    m.imagesPerSecond = j.at("images_per_second").get<double>();
    m.seconds = j.at("seconds").get<double>();
    m.learningRate = j.at("learning_rate").get<double>();
    m.steps = jsonGet<std::int64_t>(j.at("steps"));
    m.testClassAccuracy = j.at("test_class_accuracy").get<std::vector<double>>();
    m.confusion = jsonGet<std::vector<std::int64_t>>(j.at("confusion"));
    return m;
}

} // namespace

std::string NamedArray::shapeText() const
{
    std::string text;
    for (const std::int64_t d : shape) {
        // Not `(cond ? "" : "x") + std::to_string(d)`: GCC 12 warns falsely (-Wrestrict) on that at -O2.
        if (!text.empty())
            text += 'x';
        text += std::to_string(d);
    }
    return text.empty() ? "scalar" : text;
}

DatasetIdentity identifyDataset(const Dataset& dataset)
{
    const Dataset::Data& data = dataset.data();
    DatasetIdentity id;
    id.name = data.info.name;
    id.format = std::string(datasetFormatName(data.info.format));
    id.shape = data.info.shape;
    id.trainCount = data.train.size();
    id.testCount = data.test.size();
    id.classNames = data.info.classNames;
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    for (const SplitData* split : {&data.train, &data.test}) {
        fnv1a(hash, split->labels.data(), split->labels.size() * sizeof(std::int64_t));
        fnv1a(hash, split->pixels.data(), split->pixels.size());
        // Streamed: decoding every file to hash its pixels would take as long as an epoch; the
        // files' names, sizes and times, and the size they are brought to, stand in for them.
        for (const std::filesystem::path& file : split->files) {
            const std::string name = file.lexically_relative(data.info.root).string();
            std::error_code ec;
            const auto size = static_cast<std::uint64_t>(std::filesystem::file_size(file, ec));
            const auto time = std::filesystem::last_write_time(file, ec).time_since_epoch().count();
            fnv1a(hash, name.data(), name.size());
            fnv1a(hash, &size, sizeof size);
            fnv1a(hash, &time, sizeof time);
        }
    }
    if (data.info.streamed) {
        const std::string how = data.info.shape.toString() + std::string(resizePolicyName(data.info.options.resize));
        fnv1a(hash, how.data(), how.size());
    }
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
    id.fingerprint = hex;
    return id;
}

std::string DatasetIdentity::describe() const
{
    return name + " (" + format + ", " + std::to_string(trainCount) + " + " + std::to_string(testCount) + " images, "
        + shape.toString() + ")";
}

std::string CheckpointInfo::describePosition() const
{
    return positionPhrase().english();
}

Phrase CheckpointInfo::positionPhrase() const
{
    const std::string total = std::to_string(experiment.training.epochs);
    if (batch == 0)
        return {"epoch %1 of %2 done", {std::to_string(epoch - 1), total}};
    return {"epoch %1 of %2, %3 batches done", {std::to_string(epoch), total, std::to_string(batch)}};
}

std::string checkpointInfoToJson(const CheckpointInfo& info)
{
    json j;
    j["version"] = CheckpointInfo::kVersion;
    j["experiment"] = json::parse(experimentToJson(info.experiment));
    j["dataset"] = {{"name", info.dataset.name}, {"format", info.dataset.format},
        {"shape", {info.dataset.shape.channels, info.dataset.shape.height, info.dataset.shape.width}},
        {"train_count", info.dataset.trainCount}, {"test_count", info.dataset.testCount},
        {"class_names", info.dataset.classNames}, {"fingerprint", info.dataset.fingerprint}};
    j["device"] = info.device;
    j["engine_version"] = info.engineVersion;
    j["position"] = {{"epoch", info.epoch}, {"batch", info.batch}, {"step", info.step},
        {"shuffle_state", info.shuffleState}, {"partial_loss_sum", info.partialLossSum},
        {"partial_correct", info.partialCorrect}, {"partial_seen", info.partialSeen}, {"loss_scale", info.lossScale},
        {"clean_steps", info.cleanSteps}, {"world_size", info.worldSize}};
    j["best"] = {{"epoch", info.bestEpoch}, {"test_accuracy", info.bestTestAccuracy},
        {"epochs_without_improvement", info.epochsWithoutImprovement}};
    json history = json::array();
    for (const EpochMetrics& m : info.history)
        history.push_back(metricsToJson(m));
    j["history"] = history;
    return j.dump();
}

CheckpointInfo checkpointInfoFromJson(const std::string& text, const std::string& source)
{
    try {
        const json j = parseJsonDocument(text, source);
        if (jsonGet<int>(j.at("version")) > CheckpointInfo::kVersion)
            throw Error(ErrorCode::InvalidData,
                "the checkpoint was written by a newer CNN Workbench (format "
                    + std::to_string(jsonGet<int>(j.at("version"))) + "); update to read it",
                {source});
        CheckpointInfo info;
        info.experiment = experimentFromJson(j.at("experiment").dump(), {}, source);
        const json& d = j.at("dataset");
        info.dataset.name = d.at("name").get<std::string>();
        info.dataset.format = d.at("format").get<std::string>();
        const auto shape = jsonGet<std::vector<int>>(d.at("shape"));
        if (shape.size() != 3)
            throw Error(ErrorCode::InvalidData, "dataset.shape must have 3 numbers", {source});
        info.dataset.shape = ImageShape{shape[0], shape[1], shape[2]};
        info.dataset.trainCount = jsonGet<std::int64_t>(d.at("train_count"));
        info.dataset.testCount = jsonGet<std::int64_t>(d.at("test_count"));
        info.dataset.classNames = d.at("class_names").get<std::vector<std::string>>();
        info.dataset.fingerprint = d.at("fingerprint").get<std::string>();
        info.device = j.at("device").get<std::string>();
        info.engineVersion = j.at("engine_version").get<std::string>();
        const json& p = j.at("position");
        info.epoch = jsonGet<int>(p.at("epoch"));
        info.batch = jsonGet<int>(p.at("batch"));
        info.step = jsonGet<std::int64_t>(p.at("step"));
        info.shuffleState = p.at("shuffle_state").get<std::string>();
        info.partialLossSum = p.at("partial_loss_sum").get<double>();
        info.partialCorrect = jsonGet<std::int64_t>(p.at("partial_correct"));
        info.partialSeen = jsonGet<std::int64_t>(p.at("partial_seen"));
        info.lossScale = p.at("loss_scale").get<double>();
        info.cleanSteps = jsonGet<std::int64_t>(p.at("clean_steps"));
        info.worldSize = p.value("world_size", 1);
        const json& b = j.at("best");
        info.bestEpoch = jsonGet<int>(b.at("epoch"));
        info.bestTestAccuracy = b.at("test_accuracy").get<double>();
        info.epochsWithoutImprovement = jsonGet<int>(b.at("epochs_without_improvement"));
        for (const json& m : j.at("history"))
            info.history.push_back(metricsFromJson(m));
        if (info.epoch < 1 || info.batch < 0 || info.step < 0)
            throw Error(ErrorCode::InvalidData, "the checkpoint's position is out of range", {source});
        return info;
    } catch (const json::exception& e) {
        throw Error(
            ErrorCode::InvalidData, "the checkpoint's description is malformed: " + plainJsonMessage(e), {source});
    }
}

} // namespace cnnwb::engine
