#include "cnnwb/engine/records/train_flags.h"

#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/model/presets.h"
#include "cnnwb/engine/train/pretrained_weights.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <filesystem>
#include <utility>

namespace cnnwb::engine {
namespace {

// The op names --augment takes, each with its switch in the spec.
using OpSwitch = bool& (*)(AugmentationSpec&);
const std::array<std::pair<const char*, OpSwitch>, 9> kOps = {{
    {"crop", [](AugmentationSpec& a) -> bool& { return a.crop.enabled; }},
    {"hflip", [](AugmentationSpec& a) -> bool& { return a.horizontalFlip.enabled; }},
    {"vflip", [](AugmentationSpec& a) -> bool& { return a.verticalFlip.enabled; }},
    {"rotate", [](AugmentationSpec& a) -> bool& { return a.rotation.enabled; }},
    {"affine", [](AugmentationSpec& a) -> bool& { return a.affine.enabled; }},
    {"jitter", [](AugmentationSpec& a) -> bool& { return a.colorJitter.enabled; }},
    {"gray", [](AugmentationSpec& a) -> bool& { return a.grayscale.enabled; }},
    {"blur", [](AugmentationSpec& a) -> bool& { return a.blur.enabled; }},
    {"cutout", [](AugmentationSpec& a) -> bool& { return a.cutout.enabled; }},
}};

[[noreturn]] void reject(const std::string& flag, const std::string& message)
{
    throw Error(ErrorCode::InvalidArgument, flag + ": " + message);
}

template <typename T> T number(const std::string& flag, const std::string& text)
{
    T value{};
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size())
        reject(flag, "\"" + text + "\" is not a number");
    return value;
}

std::string text(int value)
{
    return std::to_string(value);
}
std::string text(std::uint64_t value)
{
    return std::to_string(value);
}
std::string text(double value)
{
    return exactText(value);
}

TrainFlagType typeOf(int /*unused*/)
{
    return TrainFlagType::Integer;
}
TrainFlagType typeOf(std::uint64_t /*unused*/)
{
    return TrainFlagType::Unsigned;
}
TrainFlagType typeOf(double /*unused*/)
{
    return TrainFlagType::Real;
}

struct Range {
    double min = 0.0;
    double max = 0.0;
};

// A number of TrainConfig, read and written as it is.
template <typename T>
TrainFlag numberFlag(
    const std::string& name, const std::string& help, T TrainConfig::*member, Range range, bool showDefault = true)
{
    TrainFlag flag{.name = name, .help = help, .type = typeOf(T{}), .min = range.min, .max = range.max};
    flag.showDefault = showDefault;
    flag.value = [member](const Experiment& e) { return std::vector<std::string>{text(e.training.*member)}; };
    flag.read = [member, name](Experiment& e, const std::vector<std::string>& values) {
        e.training.*member = number<T>(name, values.at(0));
    };
    return flag;
}

TrainFlag switchFlag(std::string name, std::string help, bool& (*setting)(Experiment&))
{
    TrainFlag flag{.name = std::move(name), .help = std::move(help), .type = TrainFlagType::Switch};
    flag.value = [setting](const Experiment& e) {
        Experiment copy = e; // one accessor for reading and writing
        return std::vector<std::string>{setting(copy) ? "true" : "false"};
    };
    flag.read = [setting](Experiment& e, const std::vector<std::string>& values) {
        setting(e) = values.empty() || values.front() != "false";
    };
    return flag;
}

// An enum setting by its names: of TrainConfig (optimizer, schedule, precision) or of DataOptions
// (resize, color, loader), the group picked by `group`.
template <typename Settings, typename Kind>
TrainFlag choiceFlag(const std::string& name, const std::string& help, std::vector<std::string> choices,
    Settings Experiment::*group, Kind Settings::*member, std::string_view (*nameOf)(Kind) noexcept,
    bool (*parse)(std::string_view, Kind&) noexcept)
{
    TrainFlag flag{.name = name, .help = help, .type = TrainFlagType::Text, .choices = std::move(choices)};
    flag.showDefault = true;
    flag.value = [group, member, nameOf](
                     const Experiment& e) { return std::vector<std::string>{std::string(nameOf((e.*group).*member))}; };
    flag.read = [group, member, parse, name](Experiment& e, const std::vector<std::string>& values) {
        if (!parse(values.at(0), (e.*group).*member))
            reject(name, "\"" + values.at(0) + "\" is not a choice");
    };
    return flag;
}

template <typename Kind>
TrainFlag namedFlag(const std::string& name, const std::string& help, std::vector<std::string> choices,
    Kind TrainConfig::*member, std::string_view (*nameOf)(Kind) noexcept,
    bool (*parse)(std::string_view, Kind&) noexcept)
{
    return choiceFlag(name, help, std::move(choices), &Experiment::training, member, nameOf, parse);
}

// The spec with every op's settings at their defaults but its switches, crop padding and reflection
// and normalization kept: what --augment, --crop-padding, --crop-reflect and --normalize can say.
AugmentationSpec simpleForm(const AugmentationSpec& a)
{
    AugmentationSpec simple;
    AugmentationSpec copy = a;
    for (const auto& [op, setting] : kOps)
        setting(simple) = setting(copy);
    simple.crop.padding = a.crop.padding;
    simple.crop.reflect = a.crop.reflect;
    simple.normalize = a.normalize;
    return simple;
}

bool namedNormalization(const Normalization& n)
{
    if (!n.enabled) {
        Normalization on = n;
        on.enabled = true;
        return on == Normalization{}; // --normalize none switches off the default
    }
    const std::optional<Normalization> preset = normalizationPreset(n.preset);
    return preset && *preset == n;
}

bool simpleAugmentation(const Experiment& e)
{
    const AugmentationSpec& a = e.training.augmentation;
    return simpleForm(a) == a && namedNormalization(a.normalize);
}

const Preset* presetNamed(const std::string& value)
{
    std::error_code error;
    if (std::filesystem::exists(value, error))
        return nullptr; // a file of that name is what the user means
    for (const Preset& preset : builtInPresets())
        if (preset.id == value)
            return &preset;
    return nullptr;
}

// A preset's name where the model is that preset fitted to the model's own input and classes: what
// --model NAME gives on data of that shape.
std::string modelText(const ModelSpec& model)
{
    const int classes
        = !model.layers.empty() && model.layers.back().kind == LayerKind::Linear ? model.layers.back().outChannels : 0;
    for (const Preset& preset : builtInPresets())
        if (preset.spec == model || (classes > 0 && adaptToDataset(preset.spec, model.input, classes) == model))
            return preset.id;
    return nlohmann::json::parse(modelSpecToJson(model)).dump();
}

ModelSpec readModel(const std::string& value)
{
    const std::size_t start = value.find_first_not_of(" \t\n");
    if (start != std::string::npos && value[start] == '{')
        return modelSpecFromJson(value, "--model");
    if (const Preset* preset = presetNamed(value))
        return preset->spec;
    return loadModelSpec(value);
}

std::vector<std::string> presetIds()
{
    std::vector<std::string> ids;
    for (const Preset& preset : builtInPresets())
        ids.push_back(preset.id);
    return ids;
}

std::string joined(const std::vector<std::string>& words, const char* separator)
{
    std::string all;
    for (const std::string& word : words)
        all += (all.empty() ? "" : separator) + word;
    return all;
}

std::vector<TrainFlag> dataAndModelFlags()
{
    TrainFlag data{.name = "--data",
        .help = "Dataset folder: CIFAR-10 or CIFAR-100 binary, MNIST-style IDX, or ImageFolder (train/, test/)"};
    data.value = [](const Experiment& e) { return std::vector<std::string>{e.dataFolder.string()}; };
    data.read = [](Experiment& e, const std::vector<std::string>& values) { e.dataFolder = values.at(0); };
    data.needed = [](const Experiment& e) { return !e.dataFolder.empty(); };

    TrainFlag model{.name = "--model",
        .help = "Model to train instead of the seed CNN: a spec or experiment file (JSON), a built-in preset ("
            + joined(presetIds(), ", ") + ") or the spec's JSON text"};
    model.value = [](const Experiment& e) { return std::vector<std::string>{modelText(e.model)}; };
    model.read = [](Experiment& e, const std::vector<std::string>& values) { e.model = readModel(values.at(0)); };
    model.needed = [](const Experiment& e) { return !e.model.layers.empty(); };
    return {data, model};
}

std::vector<TrainFlag> optimizationFlags()
{
    return {
        numberFlag("--epochs", "Number of epochs", &TrainConfig::epochs, {1, 100000}),
        numberFlag("--batch-size", "Images per batch", &TrainConfig::batchSize, {1, 65536}),
        numberFlag("--lr", "Adam learning rate", &TrainConfig::learningRate, {1e-12, 10.0}),
        [] {
            TrainFlag device{.name = "--device", .help = "auto, cpu, cuda or cuda:K", .showDefault = true};
            device.value = [](const Experiment& e) { return std::vector<std::string>{e.training.device}; };
            device.read = [](Experiment& e, const std::vector<std::string>& v) { e.training.device = v.at(0); };
            return device;
        }(),
        numberFlag("--seed", "Seed for initialisation and shuffling", &TrainConfig::seed, {}),
        numberFlag("--threads", "CPU threads for LibTorch (0 = one per core)", &TrainConfig::threads, {0, 1024}),
        namedFlag("--optimizer", "sgd, adam or adamw", {"sgd", "adam", "adamw"}, &TrainConfig::optimizer,
            &optimizerName, &parseOptimizer),
        numberFlag("--momentum", "SGD momentum", &TrainConfig::momentum, {0.0, 0.999}),
        switchFlag("--nesterov", "Nesterov momentum (SGD)", [](Experiment& e) -> bool& { return e.training.nesterov; }),
        numberFlag("--weight-decay", "Weight decay", &TrainConfig::weightDecay, {0.0, 1.0}),
        namedFlag("--schedule", "constant, step, cosine or onecycle", {"constant", "step", "cosine", "onecycle"},
            &TrainConfig::schedule, &scheduleName, &parseSchedule),
        numberFlag("--warmup-epochs", "Linear warm-up epochs", &TrainConfig::warmupEpochs, {0, 100000}),
        numberFlag("--label-smoothing", "Label smoothing", &TrainConfig::labelSmoothing, {0.0, 0.99}),
        numberFlag("--clip-grad", "Clip the gradient norm (0 = off)", &TrainConfig::gradientClipNorm, {0.0, 1e9}),
        numberFlag("--early-stopping", "Stop after this many epochs without a better test accuracy (0 = off)",
            &TrainConfig::earlyStoppingPatience, {0, 100000}),
        namedFlag("--precision", "CUDA arithmetic: auto, fp32, bf16, fp16", {"auto", "fp32", "bf16", "fp16"},
            &TrainConfig::precision, &precisionName, &parsePrecision),
    };
}

TrainFlag augmentFlag()
{
    std::vector<std::string> ops;
    ops.reserve(kOps.size());
    for (const auto& [op, setting] : kOps)
        ops.emplace_back(op);
    TrainFlag augment{.name = "--augment",
        .help = "Training augmentation ops with their default settings: crop, hflip, vflip, rotate, affine, "
                "jitter, gray, blur, cutout (an experiment or --augment-file sets them in detail)",
        .type = TrainFlagType::TextList,
        .choices = ops};
    augment.value = [](const Experiment& e) {
        std::vector<std::string> on;
        AugmentationSpec copy = e.training.augmentation;
        for (const auto& [op, setting] : kOps)
            if (setting(copy))
                on.emplace_back(op);
        return on;
    };
    // The named ops on, the others off; every op keeps its settings (the experiment's, --augmentation's).
    augment.read = [](Experiment& e, const std::vector<std::string>& values) {
        for (const auto& [op, setting] : kOps)
            setting(e.training.augmentation) = std::find(values.begin(), values.end(), op) != values.end();
    };
    augment.needed = [](const Experiment& e) { return simpleAugmentation(e) && e.training.augmentation.any(); };
    return augment;
}

TrainFlag normalizeFlag()
{
    std::vector<std::string> choices = normalizationPresetNames();
    choices.emplace_back("none");
    TrainFlag normalize{.name = "--normalize",
        .help = "Normalization: half, cifar10, cifar100, mnist, fashion-mnist, imagenet, none",
        .type = TrainFlagType::Text,
        .choices = choices};
    normalize.value = [](const Experiment& e) {
        const Normalization& n = e.training.augmentation.normalize;
        return std::vector<std::string>{n.enabled ? n.preset : "none"};
    };
    normalize.read = [](Experiment& e, const std::vector<std::string>& values) {
        Normalization& n = e.training.augmentation.normalize;
        if (values.at(0) == "none")
            n.enabled = false;
        else if (const std::optional<Normalization> preset = normalizationPreset(values.at(0)))
            n = *preset;
        else
            reject("--normalize", "\"" + values.at(0) + "\" is not a choice");
    };
    normalize.needed = [](const Experiment& e) {
        return simpleAugmentation(e) && !(e.training.augmentation.normalize == Normalization{});
    };
    return normalize;
}

// Every augmentation and normalization setting at once; read before --augment and the others, so
// that they can change it.
TrainFlag augmentationFlag()
{
    TrainFlag augmentation{.name = "--augmentation",
        .help = "Augmentation and normalization as JSON text, as in an experiment's \"augmentation\" (every "
                "op's settings; --augment, --normalize and --crop-* change it)"};
    augmentation.value = [](const Experiment& e) {
        return std::vector<std::string>{nlohmann::json::parse(augmentationToJson(e.training.augmentation)).dump()};
    };
    augmentation.read = [](Experiment& e, const std::vector<std::string>& values) {
        e.training.augmentation = augmentationFromJson(values.at(0), "--augmentation");
    };
    augmentation.needed = [](const Experiment& e) { return !simpleAugmentation(e); };
    return augmentation;
}

TrainFlag tensorboardFlag()
{
    TrainFlag flag{.name = "--tensorboard",
        .help = "Also write TensorBoard files (scalars, histograms, filters, hyperparameters) into this folder",
        .type = TrainFlagType::Text};
    flag.value = [](const Experiment& e) { return std::vector<std::string>{e.training.tensorboardDir.string()}; };
    flag.read = [](Experiment& e, const std::vector<std::string>& values) { e.training.tensorboardDir = values.at(0); };
    flag.needed = [](const Experiment& e) { return !e.training.tensorboardDir.empty(); };
    return flag;
}

// Flags that came after the first command line: listed last so that the help keeps its order.
std::vector<TrainFlag> laterFlags()
{
    return {
        numberFlag("--step-epochs", "Step schedule: multiply the rate by --step-gamma every this many epochs",
            &TrainConfig::stepEpochs, {1, 100000}),
        numberFlag("--step-gamma", "Step schedule: the factor", &TrainConfig::stepGamma, {1e-12, 1.0}),
        numberFlag(
            "--validation-seed", "Which images --validation-fraction holds out", &TrainConfig::validationSeed, {}),
        numberFlag("--health-every",
            "Sample each layer's health (norms, update ratio, dead units) every N steps; 0 = off "
            "(docs/layer-health.md)",
            &TrainConfig::healthEvery, {0, 1e9}),
        tensorboardFlag(),
    };
}

std::vector<TrainFlag> augmentationFlags()
{
    TrainFlag syncBatchNorm = switchFlag("--sync-batchnorm",
        "Distributed runs: BatchNorm statistics over the global batch, not each process's share",
        [](Experiment& e) -> bool& { return e.training.syncBatchNorm; });
    TrainFlag validation = numberFlag("--validation-fraction",
        "Evaluate on this fraction of train (held out per class, seeded) instead of the test split",
        &TrainConfig::validationFraction, {0.0, 0.9}, false);
    TrainFlag padding{.name = "--crop-padding",
        .help = "Padding of the random crop",
        .type = TrainFlagType::Integer,
        .min = 0,
        .max = 64,
        .showDefault = true};
    padding.value
        = [](const Experiment& e) { return std::vector<std::string>{text(e.training.augmentation.crop.padding)}; };
    padding.read = [](Experiment& e, const std::vector<std::string>& values) {
        e.training.augmentation.crop.padding = number<int>("--crop-padding", values.at(0));
    };
    padding.needed = [](const Experiment& e) {
        return simpleAugmentation(e) && e.training.augmentation.crop.padding != AugmentationSpec{}.crop.padding;
    };
    TrainFlag reflect = switchFlag("--crop-reflect", "Pad the random crop by reflection, not zeros",
        [](Experiment& e) -> bool& { return e.training.augmentation.crop.reflect; });
    reflect.needed = [](const Experiment& e) { return simpleAugmentation(e) && e.training.augmentation.crop.reflect; };
    return {augmentationFlag(), augmentFlag(), normalizeFlag(), syncBatchNorm, validation, padding, reflect};
}

template <typename Kind>
TrainFlag dataChoiceFlag(const std::string& name, const std::string& help, std::vector<std::string> choices,
    Kind DataOptions::*member, std::string_view (*nameOf)(Kind) noexcept,
    bool (*parse)(std::string_view, Kind&) noexcept)
{
    return choiceFlag(name, help, std::move(choices), &Experiment::data, member, nameOf, parse);
}

TrainFlag inputSizeFlag()
{
    TrainFlag flag{.name = "--input-size",
        .help = "The size images are brought to: a side (64), WIDTHxHEIGHT (64x48) or auto (the images' own when "
                "they share one, else 64)",
        .type = TrainFlagType::Text,
        .showDefault = true};
    flag.value = [](const Experiment& e) {
        return std::vector<std::string>{e.data.inputSize.empty() ? "auto" : e.data.inputSize.toString()};
    };
    flag.read = [](Experiment& e, const std::vector<std::string>& values) {
        if (values.at(0) == "auto") {
            e.data.inputSize = {};
            return;
        }
        const std::optional<ImageSize> size = parseImageSize(values.at(0));
        if (!size)
            reject("--input-size",
                "\"" + values.at(0) + "\" is not auto, a side (64) or WIDTHxHEIGHT (64x48) from 1 to "
                    + std::to_string(kMaxInputSide));
        e.data.inputSize = *size;
    };
    return flag;
}

std::vector<TrainFlag> dataFlags()
{
    TrainFlag share{.name = "--test-share",
        .help = "Share of every class held out for testing when the folder has no test/ folder",
        .type = TrainFlagType::Real,
        .min = 0.01,
        .max = 0.9,
        .showDefault = true};
    share.value = [](const Experiment& e) { return std::vector<std::string>{text(e.data.testShare)}; };
    share.read = [](Experiment& e, const std::vector<std::string>& values) {
        e.data.testShare = number<double>("--test-share", values.at(0));
    };
    TrainFlag seed{
        .name = "--split-seed", .help = "Which images --test-share holds out", .type = TrainFlagType::Unsigned};
    seed.value = [](const Experiment& e) { return std::vector<std::string>{text(e.data.splitSeed)}; };
    seed.read = [](Experiment& e, const std::vector<std::string>& values) {
        e.data.splitSeed = number<std::uint64_t>("--split-seed", values.at(0));
    };
    TrainFlag strict = switchFlag("--strict-images",
        "Stop at an image that cannot be decoded instead of leaving it out (and listing it)",
        [](Experiment& e) -> bool& { return e.data.skipUnreadable; });
    // The switch turns skipping off: its value is the opposite of the setting.
    strict.value
        = [](const Experiment& e) { return std::vector<std::string>{e.data.skipUnreadable ? "false" : "true"}; };
    strict.read = [](Experiment& e, const std::vector<std::string>& values) {
        e.data.skipUnreadable = !values.empty() && values.front() == "false";
    };
    TrainFlag budget{.name = "--memory-budget-mb",
        .help = "Memory the decoded images may take before --loader auto streams them; 0 = a quarter of this "
                "machine's",
        .type = TrainFlagType::Integer,
        .min = 0,
        .max = 1 << 30};
    budget.value
        = [](const Experiment& e) { return std::vector<std::string>{std::to_string(e.data.memoryBudget >> 20)}; };
    budget.read = [](Experiment& e, const std::vector<std::string>& values) {
        e.data.memoryBudget = static_cast<std::uint64_t>(number<int>("--memory-budget-mb", values.at(0))) << 20;
    };
    return {inputSizeFlag(),
        dataChoiceFlag("--resize",
            "How an image of another size is brought to the input size: crop (scale, cut the "
            "centre), pad (scale, pad with black), stretch",
            {"crop", "pad", "stretch"}, &DataOptions::resize, resizePolicyName, parseResizePolicy),
        dataChoiceFlag("--color", "Channels: auto (RGB unless every image is gray), gray, rgb", {"auto", "gray", "rgb"},
            &DataOptions::color, colorModeName, parseColorMode),
        share, seed, strict,
        dataChoiceFlag("--loader", "auto (stream when the decoded images exceed --memory-budget-mb), memory, stream",
            {"auto", "memory", "stream"}, &DataOptions::loader, loaderKindName, parseLoaderKind),
        budget};
}

bool isSafeInShell(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || std::string_view("_-+=.,/:@%").find(c) != std::string_view::npos;
}

} // namespace

// Fine-tuning: where the weights come from, what stays frozen, how gently the rest learns.
std::vector<TrainFlag> fineTuningFlags()
{
    TrainFlag weights{.name = "--weights",
        .help = "Start from these weights: a state dict (.pth, torchvision's downloads included) or an earlier "
                "run's checkpoint (.ckpt, the layers whose shapes agree); torchvision's also choose ImageNet "
                "normalization and 224-pixel input unless given"};
    weights.value = [](const Experiment& e) { return std::vector<std::string>{e.training.initialWeights.string()}; };
    weights.read = [](Experiment& e, const std::vector<std::string>& values) {
        e.training.initialWeights = values.at(0);
        if (!recognizePretrainedWeights(e.training.initialWeights))
            return;
        if (Normalization& n = e.training.augmentation.normalize; n == Normalization{})
            n = *normalizationPreset("imagenet");
        if (e.data.inputSize.empty())
            e.data.inputSize = {224, 224};
    };
    weights.needed = [](const Experiment& e) { return !e.training.initialWeights.empty(); };

    TrainFlag freeze{.name = "--freeze-until",
        .help = "Freeze layers 0 to N-1 (their weights and BatchNorm statistics stay as loaded); 0 trains every layer",
        .type = TrainFlagType::Integer,
        .min = 0,
        .max = 100000};
    freeze.value = [](const Experiment& e) { return std::vector<std::string>{text(frozenPrefix(e.model))}; };
    freeze.read = [](Experiment& e, const std::vector<std::string>& values) {
        const int layer = number<int>("--freeze-until", values.at(0));
        if (e.model.layers.empty() && layer > 0)
            reject("--freeze-until", "needs --model: the seed CNN is only made once the data is read");
        if (layer > static_cast<int>(e.model.layers.size()))
            reject("--freeze-until",
                "the model has " + std::to_string(e.model.layers.size()) + " layers, not " + std::to_string(layer));
        setFrozenBefore(e.model, layer);
    };
    freeze.needed = [](const Experiment& e) { return frozenPrefix(e.model) > 0; };

    return {weights, freeze,
        numberFlag("--pretrained-lr-scale",
            "The pretrained layers' learning rate as a share of --lr (e.g. 0.1 to fine-tune them gently)",
            &TrainConfig::pretrainedLearningRateScale, {1e-4, 10.0})};
}

const std::vector<TrainFlag>& trainFlags()
{
    static const std::vector<TrainFlag> flags = [] {
        std::vector<TrainFlag> all;
        for (std::vector<TrainFlag> group : {dataAndModelFlags(), optimizationFlags(), augmentationFlags(),
                 laterFlags(), dataFlags(), fineTuningFlags()})
            for (TrainFlag& flag : group)
                all.push_back(std::move(flag));
        return all;
    }();
    return flags;
}

bool namesPreset(const std::string& modelValue)
{
    return presetNamed(modelValue) != nullptr;
}

const TrainFlag* findTrainFlag(std::string_view name)
{
    for (const TrainFlag& flag : trainFlags())
        if (flag.name == name)
            return &flag;
    return nullptr;
}

std::vector<std::string> trainArguments(const Experiment& experiment)
{
    static const Experiment kDefault;
    std::vector<std::string> arguments;
    for (const TrainFlag& flag : trainFlags()) {
        const std::vector<std::string> values = flag.value(experiment);
        if (flag.needed ? !flag.needed(experiment) : values == flag.value(kDefault))
            continue;
        arguments.push_back(flag.name);
        if (flag.type == TrainFlagType::TextList)
            arguments.push_back(joined(values, ","));
        else if (flag.type != TrainFlagType::Switch)
            arguments.push_back(values.at(0));
    }
    return arguments;
}

std::string shellQuote(std::string_view word)
{
    bool safe = !word.empty();
    for (const char c : word)
        safe = safe && isSafeInShell(c);
    if (safe)
        return std::string(word);
    std::string quoted = "'";
    for (const char c : word)
        quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return quoted + "'";
}

std::string shellCommand(const std::vector<std::string>& words)
{
    std::string line;
    for (const std::string& word : words)
        line += (line.empty() ? "" : " ") + shellQuote(word);
    return line;
}

std::string exactText(double value)
{
    std::array<char, 32> buffer{};
    const auto [end, error] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    return error == std::errc() ? std::string(buffer.data(), end) : std::to_string(value);
}

} // namespace cnnwb::engine
