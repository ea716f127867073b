#include "cnnwb/engine/records/experiment.h"

#include "core/atomic_file.h"
#include "core/binary_file.h"
#include "core/json_document.h"

#include "cnnwb/engine/core/error.h"

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
        value = jsonGet<T>(*it);
    } catch (const json::exception&) {
        throw Error(ErrorCode::InvalidData, path + "." + key + ": has the wrong type", {source});
    }
}

json dataToJson(const std::filesystem::path& folder, const DataOptions& d)
{
    return {{"folder", folder.string()}, {"input_size", d.inputSize.empty() ? "auto" : d.inputSize.toString()},
        {"resize", std::string(resizePolicyName(d.resize))}, {"color", std::string(colorModeName(d.color))},
        {"test_share", d.testShare}, {"split_seed", d.splitSeed}, {"skip_unreadable", d.skipUnreadable},
        {"loader", std::string(loaderKindName(d.loader))}, {"memory_budget_mb", d.memoryBudget >> 20}};
}

template <typename Kind>
void readChoice(const json& object, const char* key, Kind& value, bool (*parse)(std::string_view, Kind&) noexcept,
    const char* choices, const std::string& source)
{
    std::string name;
    readInto(object, key, name, source, "data");
    if (!name.empty() && !parse(name, value))
        throw Error(ErrorCode::InvalidData, std::string("data.") + key + ": \"" + name + "\" is not one of " + choices,
            {source});
}

// The size is "auto", a number (a square) or "WIDTHxHEIGHT".
void readInputSize(const json& data, DataOptions& d, const std::string& source)
{
    const auto it = data.find("input_size");
    if (it == data.end() || (it->is_string() && it->get<std::string>() == "auto"))
        return;
    const std::string text = it->is_number_integer() ? std::to_string(it->get<long long>())
        : it->is_string()                            ? it->get<std::string>()
                                                     : std::string();
    const std::optional<ImageSize> size = parseImageSize(text);
    if (!size)
        throw Error(ErrorCode::InvalidData,
            "data.input_size: \"" + text + "\" is not \"auto\", a side (64) or WIDTHxHEIGHT (64x48) from 1 to "
                + std::to_string(kMaxInputSide),
            {source});
    d.inputSize = *size;
}

DataOptions dataFromJson(const json& data, const std::string& source)
{
    DataOptions d;
    readInputSize(data, d, source);
    readChoice(data, "resize", d.resize, parseResizePolicy, "crop, pad, stretch", source);
    readChoice(data, "color", d.color, parseColorMode, "auto, gray, rgb", source);
    readChoice(data, "loader", d.loader, parseLoaderKind, "auto, memory, stream", source);
    readInto(data, "test_share", d.testShare, source, "data");
    readInto(data, "split_seed", d.splitSeed, source, "data");
    readInto(data, "skip_unreadable", d.skipUnreadable, source, "data");
    std::uint64_t budgetMb = 0;
    readInto(data, "memory_budget_mb", budgetMb, source, "data");
    d.memoryBudget = budgetMb << 20;
    if (!(d.testShare > 0.0 && d.testShare < 1.0))
        throw Error(ErrorCode::InvalidData, "data.test_share: must be above 0 and below 1", {source});
    return d;
}

// `path` relative to `baseDir` when it lies below it, so that a folder of experiment, data and
// weights can move as one.
std::filesystem::path relativeBelow(const std::filesystem::path& path, const std::filesystem::path& baseDir)
{
    if (baseDir.empty() || path.empty())
        return path;
    const auto relative = path.lexically_normal().lexically_relative(baseDir.lexically_normal());
    return !relative.empty() && *relative.begin() != ".." ? relative : path;
}

std::filesystem::path resolvedAgainst(const std::filesystem::path& path, const std::filesystem::path& baseDir)
{
    return !path.empty() && path.is_relative() && !baseDir.empty() ? (baseDir / path).lexically_normal() : path;
}

} // namespace

std::string experimentToJson(const Experiment& experiment, const std::filesystem::path& baseDir)
{
    json j;
    j["version"] = Experiment::kVersion;
    j["model"] = json::parse(modelSpecToJson(experiment.model));
    j["data"] = dataToJson(relativeBelow(experiment.dataFolder, baseDir), experiment.data);
    const TrainConfig& t = experiment.training;
    j["training"] = {{"epochs", t.epochs}, {"batch_size", t.batchSize},
        {"optimizer", std::string(optimizerName(t.optimizer))}, {"learning_rate", t.learningRate},
        {"momentum", t.momentum}, {"nesterov", t.nesterov}, {"weight_decay", t.weightDecay},
        {"schedule", std::string(scheduleName(t.schedule))}, {"warmup_epochs", t.warmupEpochs},
        {"step_epochs", t.stepEpochs}, {"step_gamma", t.stepGamma}, {"label_smoothing", t.labelSmoothing},
        {"gradient_clip_norm", t.gradientClipNorm}, {"early_stopping_patience", t.earlyStoppingPatience},
        {"device", t.device}, {"precision", std::string(precisionName(t.precision))}, {"seed", t.seed},
        {"threads", t.threads}, {"validation_fraction", t.validationFraction}, {"validation_seed", t.validationSeed},
        {"sync_batch_norm", t.syncBatchNorm}, {"pretrained_lr_scale", t.pretrainedLearningRateScale},
        {"health_every", t.healthEvery}};
    if (!t.initialWeights.empty())
        j["training"]["weights"] = relativeBelow(t.initialWeights, baseDir).string();
    if (!t.tensorboardDir.empty())
        j["training"]["tensorboard"] = relativeBelow(t.tensorboardDir, baseDir).string();
    j["augmentation"] = json::parse(augmentationToJson(t.augmentation));
    if (!(experiment.sweep == SweepSpec{}))
        j["sweep"] = json::parse(sweepToJson(experiment.sweep));
    return j.dump(2) + "\n";
}

Experiment experimentFromJson(const std::string& text, const std::filesystem::path& baseDir, const std::string& source)
{
    json j = parseJsonDocument(text, source);
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
        experiment.dataFolder = resolvedAgainst(folder, baseDir);
        experiment.data = dataFromJson(*data, source);
    }
    if (const auto training = j.find("training"); training != j.end() && training->is_object()) {
        TrainConfig& t = experiment.training;
        const std::string at = "training";
        readInto(*training, "epochs", t.epochs, source, at);
        readInto(*training, "batch_size", t.batchSize, source, at);
        readInto(*training, "learning_rate", t.learningRate, source, at);
        readInto(*training, "momentum", t.momentum, source, at);
        readInto(*training, "nesterov", t.nesterov, source, at);
        readInto(*training, "weight_decay", t.weightDecay, source, at);
        readInto(*training, "warmup_epochs", t.warmupEpochs, source, at);
        readInto(*training, "step_epochs", t.stepEpochs, source, at);
        readInto(*training, "step_gamma", t.stepGamma, source, at);
        readInto(*training, "label_smoothing", t.labelSmoothing, source, at);
        readInto(*training, "gradient_clip_norm", t.gradientClipNorm, source, at);
        readInto(*training, "early_stopping_patience", t.earlyStoppingPatience, source, at);
        readInto(*training, "device", t.device, source, at);
        readInto(*training, "seed", t.seed, source, at);
        readInto(*training, "threads", t.threads, source, at);
        readInto(*training, "validation_fraction", t.validationFraction, source, at);
        readInto(*training, "validation_seed", t.validationSeed, source, at);
        readInto(*training, "sync_batch_norm", t.syncBatchNorm, source, at);
        readInto(*training, "pretrained_lr_scale", t.pretrainedLearningRateScale, source, at);
        std::string weights;
        readInto(*training, "weights", weights, source, at);
        t.initialWeights = resolvedAgainst(weights, baseDir);
        readInto(*training, "health_every", t.healthEvery, source, at);
        std::string tensorboard;
        readInto(*training, "tensorboard", tensorboard, source, at);
        t.tensorboardDir = resolvedAgainst(tensorboard, baseDir);
        const auto readName = [&](const char* key, auto parser, auto& value, const char* choices) {
            std::string name;
            readInto(*training, key, name, source, at);
            if (!name.empty() && !parser(name, value))
                throw Error(
                    ErrorCode::InvalidData, at + "." + key + ": \"" + name + "\" is not one of " + choices, {source});
        };
        readName("optimizer", parseOptimizer, t.optimizer, "sgd, adam, adamw");
        readName("schedule", parseSchedule, t.schedule, "constant, step, cosine, onecycle");
        readName("precision", parsePrecision, t.precision, "auto, fp32, bf16, fp16");
    }
    if (const auto augmentation = j.find("augmentation"); augmentation != j.end())
        experiment.training.augmentation = augmentationFromJson(augmentation->dump(), source);
    if (const auto sweep = j.find("sweep"); sweep != j.end())
        experiment.sweep = sweepFromJson(sweep->dump(), source);
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
