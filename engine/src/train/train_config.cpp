#include "cnnwb/engine/train/train_config.h"

#include "cnnwb/engine/core/error.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

namespace cnnwb::engine {
namespace {

template <typename Kind, std::size_t N>
std::string_view nameOf(const std::array<std::pair<Kind, std::string_view>, N>& names, Kind kind) noexcept
{
    for (const auto& [k, name] : names)
        if (k == kind)
            return name;
    return "?";
}

template <typename Kind, std::size_t N>
bool parse(const std::array<std::pair<Kind, std::string_view>, N>& names, std::string_view text, Kind& kind) noexcept
{
    for (const auto& [k, name] : names)
        if (name == text) {
            kind = k;
            return true;
        }
    return false;
}

constexpr std::array kOptimizers
    = {std::pair{OptimizerKind::Sgd, std::string_view("sgd")}, std::pair{OptimizerKind::Adam, std::string_view("adam")},
        std::pair{OptimizerKind::AdamW, std::string_view("adamw")}};
constexpr std::array kSchedules = {std::pair{ScheduleKind::Constant, std::string_view("constant")},
    std::pair{ScheduleKind::Step, std::string_view("step")},
    std::pair{ScheduleKind::Cosine, std::string_view("cosine")},
    std::pair{ScheduleKind::OneCycle, std::string_view("onecycle")}};
constexpr std::array kPrecisions = {std::pair{PrecisionKind::Auto, std::string_view("auto")},
    std::pair{PrecisionKind::Float32, std::string_view("fp32")},
    std::pair{PrecisionKind::BFloat16, std::string_view("bf16")},
    std::pair{PrecisionKind::Float16, std::string_view("fp16")}};

double cosineBetween(double from, double to, double t) // t in [0, 1]
{
    return to + (from - to) * 0.5 * (1.0 + std::cos(std::numbers::pi * std::clamp(t, 0.0, 1.0)));
}

} // namespace

std::string_view optimizerName(OptimizerKind kind) noexcept
{
    return nameOf(kOptimizers, kind);
}
std::string_view scheduleName(ScheduleKind kind) noexcept
{
    return nameOf(kSchedules, kind);
}
std::string_view precisionName(PrecisionKind kind) noexcept
{
    return nameOf(kPrecisions, kind);
}
bool parseOptimizer(std::string_view name, OptimizerKind& kind) noexcept
{
    return parse(kOptimizers, name, kind);
}
bool parseSchedule(std::string_view name, ScheduleKind& kind) noexcept
{
    return parse(kSchedules, name, kind);
}
bool parsePrecision(std::string_view name, PrecisionKind& kind) noexcept
{
    return parse(kPrecisions, name, kind);
}

void validate(const TrainConfig& config)
{
    auto reject = [](const std::string& message) { throw Error(ErrorCode::InvalidArgument, message); };
    auto finite = [](double x) { return std::isfinite(x); };
    if (config.epochs < 1 || config.epochs > 100000)
        reject("epochs must be between 1 and 100000, not " + std::to_string(config.epochs));
    if (config.batchSize < 1 || config.batchSize > 65536)
        reject("batch size must be between 1 and 65536, not " + std::to_string(config.batchSize));
    if (!finite(config.learningRate) || config.learningRate <= 0.0 || config.learningRate > 10.0)
        reject("learning rate must be a number above 0 and at most 10, not " + std::to_string(config.learningRate));
    if (!finite(config.momentum) || config.momentum < 0.0 || config.momentum >= 1.0)
        reject("momentum must be at least 0 and below 1");
    if (config.nesterov && config.momentum <= 0.0)
        reject("Nesterov momentum needs a momentum above 0");
    if (!finite(config.weightDecay) || config.weightDecay < 0.0 || config.weightDecay > 1.0)
        reject("weight decay must be between 0 and 1");
    if (config.warmupEpochs < 0 || config.warmupEpochs > config.epochs)
        reject("warm-up epochs must be between 0 and the number of epochs");
    if (config.stepEpochs < 1)
        reject("step epochs must be at least 1");
    if (!finite(config.stepGamma) || config.stepGamma <= 0.0 || config.stepGamma > 1.0)
        reject("step factor must be above 0 and at most 1");
    if (!finite(config.labelSmoothing) || config.labelSmoothing < 0.0 || config.labelSmoothing >= 1.0)
        reject("label smoothing must be at least 0 and below 1");
    if (!finite(config.gradientClipNorm) || config.gradientClipNorm < 0.0)
        reject("gradient clipping norm cannot be negative (0 turns it off)");
    if (!finite(config.pretrainedLearningRateScale) || config.pretrainedLearningRateScale <= 0.0
        || config.pretrainedLearningRateScale > 10.0)
        reject("the pretrained layers' learning-rate scale must be above 0 and at most 10");
    if (config.earlyStoppingPatience < 0)
        reject("early-stopping patience cannot be negative (0 turns it off)");
    if (config.threads < 0 || config.threads > 1024)
        reject("threads must be between 0 (one per core) and 1024, not " + std::to_string(config.threads));
    if (!finite(config.validationFraction) || config.validationFraction < 0.0 || config.validationFraction >= 1.0)
        reject("the validation fraction must be at least 0 (use the test split) and below 1");
    validate(config.augmentation);
    if (config.healthEvery < 0)
        reject("the health sampling interval cannot be negative (0 turns it off)");
    if (config.evalBatchSize < 1)
        reject("evaluation batch size must be at least 1");
}

double learningRateAt(const TrainConfig& config, std::int64_t step, std::int64_t stepsPerEpoch)
{
    const double peak = config.learningRate;
    const std::int64_t total = std::max<std::int64_t>(1, config.epochs * stepsPerEpoch);
    if (config.schedule == ScheduleKind::OneCycle) {
        // PyTorch's OneCycleLR defaults: pct_start 0.3, div_factor 25, final_div_factor 1e4, cosine.
        const double initial = peak / 25.0;
        const double minimum = initial / 1e4;
        const double rise = std::max(1.0, 0.3 * static_cast<double>(total) - 1.0);
        const double s = static_cast<double>(step);
        if (s <= rise)
            return cosineBetween(initial, peak, s / rise);
        return cosineBetween(peak, minimum, (s - rise) / (static_cast<double>(total - 1) - rise));
    }
    const std::int64_t warmup = std::int64_t{config.warmupEpochs} * stepsPerEpoch;
    if (step < warmup)
        return peak * static_cast<double>(step + 1) / static_cast<double>(warmup);
    switch (config.schedule) {
    case ScheduleKind::Step:
        return peak * std::pow(config.stepGamma, static_cast<double>(step / stepsPerEpoch / config.stepEpochs));
    case ScheduleKind::Cosine:
        return cosineBetween(peak, 0.0,
            static_cast<double>(step - warmup) / static_cast<double>(std::max<std::int64_t>(1, total - warmup)));
    default:
        return peak;
    }
}

} // namespace cnnwb::engine
