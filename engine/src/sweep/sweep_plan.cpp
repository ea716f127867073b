#include "cnnwb/engine/sweep/sweep_plan.h"

#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/train/train_config.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <string_view>

namespace cnnwb::engine {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxGridTrials = 10000;

std::vector<std::string> splitKey(const std::string& key)
{
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (std::size_t dot = key.find('.'); dot != std::string::npos; dot = key.find('.', start)) {
        parts.push_back(key.substr(start, dot - start));
        start = dot + 1;
    }
    parts.push_back(key.substr(start));
    return parts;
}

// The value at a dotted key ("model.layers.0.out_channels"); null when there is none.
json* findSetting(json& document, const std::string& key)
{
    json* node = &document;
    for (const std::string& part : splitKey(key)) {
        if (node->is_object()) {
            const auto it = node->find(part);
            if (it == node->end())
                return nullptr;
            node = &*it;
        } else if (node->is_array() && !part.empty() && std::all_of(part.begin(), part.end(), ::isdigit)) {
            const std::size_t index = std::stoul(part);
            if (index >= node->size())
                return nullptr;
            node = &(*node)[index];
        } else {
            return nullptr;
        }
    }
    return node->is_structured() ? nullptr : node;
}

json experimentDocument(const Experiment& experiment)
{
    Experiment plain = experiment;
    plain.sweep = {};
    return json::parse(experimentToJson(plain));
}

// Four significant digits: 0.003162 rather than 0.0031622776601683794, in the index and on the axes.
double readable(double value)
{
    std::array<char, 32> text{};
    std::snprintf(text.data(), text.size(), "%.4g", value);
    return std::strtod(text.data(), nullptr);
}

std::string numberText(double value, bool wholeNumber)
{
    return wholeNumber ? json(static_cast<long long>(std::llround(value))).dump() : json(readable(value)).dump();
}

struct ResolvedParameter {
    const SweepParameter* spec = nullptr;
    bool wholeNumber = false;
};

std::vector<ResolvedParameter> resolveParameters(const Experiment& experiment)
{
    json document = experimentDocument(experiment);
    std::vector<ResolvedParameter> resolved;
    for (const SweepParameter& p : experiment.sweep.parameters) {
        const json* setting = findSetting(document, p.key);
        if (setting == nullptr)
            throw Error(ErrorCode::InvalidArgument,
                "sweep: the experiment has no setting \"" + p.key
                    + "\" (a key of the experiment file, e.g. training.learning_rate or model.layers.0.out_channels)");
        if (p.isRange() && !setting->is_number())
            throw Error(ErrorCode::InvalidArgument,
                "sweep: " + p.key + " is not a number, so it takes a list of values, not a range");
        resolved.push_back({&p, setting->is_number_integer()});
    }
    return resolved;
}

std::vector<std::string> gridValues(const ResolvedParameter& r)
{
    const SweepParameter& p = *r.spec;
    if (!p.isRange())
        return p.values;
    std::vector<std::string> values;
    for (int i = 0; i < p.count; ++i) {
        const double t = p.count == 1 ? 0.0 : static_cast<double>(i) / (p.count - 1);
        const double value = p.scale == SweepScale::Log
            ? std::exp(std::log(p.min) + t * (std::log(p.max) - std::log(p.min)))
            : p.min + t * (p.max - p.min);
        std::string text = numberText(value, r.wholeNumber);
        if (values.empty() || values.back() != text) // whole numbers close together round alike
            values.push_back(std::move(text));
    }
    return values;
}

std::vector<SweepTrial> gridTrials(const std::vector<ResolvedParameter>& parameters)
{
    std::vector<std::vector<std::string>> axes;
    std::size_t total = 1;
    for (const ResolvedParameter& r : parameters) {
        axes.push_back(gridValues(r));
        total *= axes.back().size();
        if (total > kMaxGridTrials)
            throw Error(ErrorCode::InvalidArgument,
                "sweep: the grid has more than " + std::to_string(kMaxGridTrials)
                    + " trials; use fewer values or random search");
    }
    std::vector<SweepTrial> trials;
    for (std::size_t n = 0; n < total; ++n) {
        SweepTrial trial{static_cast<int>(n), std::vector<std::string>(axes.size())};
        std::size_t rest = n;
        for (std::size_t a = axes.size(); a-- > 0;) { // the last parameter varies fastest
            trial.values[a] = axes[a][rest % axes[a].size()];
            rest /= axes[a].size();
        }
        trials.push_back(std::move(trial));
    }
    return trials;
}

// SplitMix64: a trial's draws from (seed, trial number) alone, the same on every platform (the
// standard distributions are not).
class TrialRandom {
public:
    TrialRandom(std::uint64_t seed, int trial)
        : m_state(seed ^ (0x9E3779B97F4A7C15ULL * (static_cast<std::uint64_t>(trial) + 1)))
    {
    }
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

private:
    std::uint64_t next()
    {
        std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    std::uint64_t m_state;
};

std::string drawValue(const ResolvedParameter& r, TrialRandom& random)
{
    const SweepParameter& p = *r.spec;
    const double u = random.uniform();
    if (!p.isRange())
        return p
            .values[std::min(p.values.size() - 1, static_cast<std::size_t>(u * static_cast<double>(p.values.size())))];
    if (r.wholeNumber) { // [low, high + 1) floored: every whole number of the range can come up
        const double low = std::max(std::ceil(p.min), p.scale == SweepScale::Log ? 1.0 : -1e15);
        const double high = std::max(low, std::floor(p.max));
        const double value = p.scale == SweepScale::Log
            ? std::exp(std::log(low) + u * (std::log(high + 1.0) - std::log(low)))
            : low + u * (high + 1.0 - low);
        return numberText(std::clamp(std::floor(value), low, high), true);
    }
    const double value = p.scale == SweepScale::Log
        ? std::exp(std::log(p.min) + u * (std::log(p.max) - std::log(p.min)))
        : p.min + u * (p.max - p.min);
    return numberText(value, false);
}

std::vector<SweepTrial> randomTrials(const std::vector<ResolvedParameter>& parameters, const SweepSpec& sweep)
{
    std::vector<SweepTrial> trials;
    for (int n = 0; n < sweep.trials; ++n) {
        TrialRandom random(sweep.seed, n);
        SweepTrial trial{n, {}};
        for (const ResolvedParameter& r : parameters)
            trial.values.push_back(drawValue(r, random));
        trials.push_back(std::move(trial));
    }
    return trials;
}

std::string describeValues(const Experiment& experiment, const SweepTrial& trial)
{
    std::string text;
    for (std::size_t i = 0; i < trial.values.size() && i < experiment.sweep.parameters.size(); ++i)
        text += (text.empty() ? "" : ", ") + experiment.sweep.parameters[i].key + " = "
            + sweepValueText(trial.values[i]);
    return text;
}

// Settings a sweep must not vary: where the data is, where the run goes and how the machine runs
// it (not what it learns).
bool sweepable(std::string_view key)
{
    constexpr std::array<std::string_view, 8> kFixed
        = {"training.device", "training.threads", "training.weights", "training.tensorboard", "training.health_every",
            "training.sync_batch_norm", "training.validation_seed", "training.precision"};
    if (std::find(kFixed.begin(), kFixed.end(), key) != kFixed.end())
        return false;
    if (key.starts_with("training.") || key.starts_with("augmentation."))
        return !key.starts_with("augmentation.normalize.");
    return key.starts_with("model.layers.") && !key.ends_with(".type") && !key.ends_with(".name");
}

void collectSettings(const json& node, const std::string& key, std::vector<SweepableSetting>& out)
{
    if (node.is_object()) {
        for (const auto& [name, child] : node.items())
            collectSettings(child, key.empty() ? name : key + "." + name, out);
    } else if (node.is_array()) {
        for (std::size_t i = 0; i < node.size(); ++i)
            collectSettings(node[i], key + "." + std::to_string(i), out);
    } else if (sweepable(key)) {
        out.push_back({key, node.dump(), node.is_number_integer(), node.is_number()});
    }
}

} // namespace

std::vector<SweepTrial> planTrials(const Experiment& experiment)
{
    validate(experiment.sweep);
    if (experiment.sweep.empty())
        return {};
    const std::vector<ResolvedParameter> parameters = resolveParameters(experiment);
    return experiment.sweep.method == SweepMethod::Grid ? gridTrials(parameters)
                                                        : randomTrials(parameters, experiment.sweep);
}

Experiment trialExperiment(const Experiment& experiment, const SweepTrial& trial)
{
    json document = experimentDocument(experiment);
    const std::vector<SweepParameter>& parameters = experiment.sweep.parameters;
    if (trial.values.size() != parameters.size())
        throw Error(ErrorCode::InvalidArgument,
            "sweep: trial " + std::to_string(trial.index + 1) + " has " + std::to_string(trial.values.size())
                + " values for " + std::to_string(parameters.size()) + " settings");
    for (std::size_t i = 0; i < parameters.size(); ++i) {
        json* setting = findSetting(document, parameters[i].key);
        if (setting == nullptr)
            throw Error(
                ErrorCode::InvalidArgument, "sweep: the experiment has no setting \"" + parameters[i].key + "\"");
        *setting = json::parse(trial.values[i]);
    }
    try {
        Experiment result = experimentFromJson(document.dump(), {}, "sweep trial " + std::to_string(trial.index + 1));
        validate(result.training);
        return result;
    } catch (const Error& e) {
        throw Error(ErrorCode::InvalidArgument,
            "sweep: trial " + std::to_string(trial.index + 1) + " (" + describeValues(experiment, trial)
                + "): " + e.message());
    }
}

std::vector<SweepableSetting> sweepableSettings(const Experiment& experiment)
{
    std::vector<SweepableSetting> settings;
    collectSettings(experimentDocument(experiment), "", settings);
    return settings;
}

} // namespace cnnwb::engine
