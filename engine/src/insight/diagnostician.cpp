#include "insight/diagnostician.h"

#include "cnnwb/engine/core/number_text.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace cnnwb::engine {
namespace {

bool finite(double v)
{
    return std::isfinite(v);
}

double median(std::vector<double> values)
{
    std::erase_if(values, [](double v) { return std::isnan(v); }); // NaN would break nth_element's order
    if (values.empty())
        return std::nan("");
    const auto mid = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
    std::nth_element(values.begin(), mid, values.end());
    return *mid;
}

std::string percent(double share)
{
    return fixedText(100.0 * share, 0);
}

std::string layerName(const ModelSpec& spec, int layer)
{
    return std::to_string(layer) + " ("
        + std::string(layerKindName(spec.layers.at(static_cast<std::size_t>(layer)).kind)) + ")";
}

bool isDead(const LayerStats& s)
{
    return finite(s.deadFraction) && s.deadFraction >= Diagnostician::kDeadShare;
}

bool isConstant(const LayerStats& s)
{
    // A dead ReLU layer is constant too; the dead-ReLU diagnosis says more about it.
    const bool allDead = finite(s.deadFraction) && s.deadFraction >= 0.99;
    return !allDead && finite(s.batchSpread)
        && s.batchSpread <= Diagnostician::kConstantSpread * std::max(1.0, std::abs(s.activationMean));
}

} // namespace

Diagnostician::Diagnostician(const ModelSpec& spec, int classCount)
    : m_spec(spec)
    , m_chanceLoss(std::log(static_cast<double>(std::max(2, classCount))))
{
}

void Diagnostician::startEpoch(int epoch)
{
    if (epoch == m_epoch)
        return; // the epoch a resumed run continues: prime() restored what fired in it
    m_epoch = epoch;
    m_firedKeys.clear();
    m_fired.clear();
    m_epochUpdateRatios.clear();
}

void Diagnostician::prime(const std::vector<HealthSample>& earlier, int epoch)
{
    if (earlier.empty())
        return;
    m_epoch = epoch;
    for (const HealthSample& s : earlier)
        if (s.epoch == epoch)
            for (const Diagnosis& d : s.fired)
                fire(d);
    m_firstGradientNorm = earlier.front().gradientNorm;
    const std::size_t from = earlier.size() > static_cast<std::size_t>(kPersistSamples)
        ? earlier.size() - static_cast<std::size_t>(kPersistSamples)
        : 0;
    m_recent.assign(earlier.begin() + static_cast<std::ptrdiff_t>(from), earlier.end());
}

bool Diagnostician::fire(Diagnosis diagnosis)
{
    if (!m_firedKeys.insert({diagnosis.kind, diagnosis.layer}).second)
        return false;
    diagnosis.epoch = m_epoch;
    m_fired.push_back(std::move(diagnosis));
    return true;
}

std::vector<Diagnosis> Diagnostician::examine(const HealthSample& sample, double learningRate, double peakLearningRate)
{
    if (m_recent.empty() && m_firstGradientNorm == 0.0)
        m_firstGradientNorm = sample.gradientNorm;
    m_recent.push_back(sample);
    if (m_recent.size() > static_cast<std::size_t>(kPersistSamples))
        m_recent.erase(m_recent.begin());
    const std::size_t before = m_fired.size();
    std::vector<Diagnosis> found;
    checkLearningRate(sample, learningRate, peakLearningRate, found);
    checkGradients(sample, found);
    checkLayers(sample, found);
    for (Diagnosis& d : found) {
        d.step = sample.step;
        fire(std::move(d));
    }
    return {m_fired.begin() + static_cast<std::ptrdiff_t>(before), m_fired.end()};
}

double Diagnostician::medianUpdateRatio(const HealthSample& sample) const
{
    // A layer that got no gradient at all is not learning for another reason (dead units before
    // it): its zero update says nothing about the learning rate.
    std::vector<double> ratios;
    for (const LayerStats& s : sample.layers)
        if (!std::isnan(s.updateRatio) && finite(s.gradientNorm) && s.gradientNorm > 0.0)
            ratios.push_back(s.updateRatio);
    return median(std::move(ratios));
}

void Diagnostician::checkLearningRate(
    const HealthSample& sample, double learningRate, double peakLearningRate, std::vector<Diagnosis>& out)
{
    const std::string rate = shortText(learningRate);
    const Phrase lower{"lower the learning rate (now %1) about tenfold, or add warm-up epochs", {rate}};
    if (!finite(sample.loss)) {
        out.push_back({DiagnosisKind::LearningRateTooHigh, -1, 0, 0,
            {"the loss is no longer a number (it overflowed at step %1)", {std::to_string(sample.step)}}, lower,
            "learning_rate"});
        return;
    }
    const double ratio = medianUpdateRatio(sample);
    if (std::isnan(ratio))
        return;
    // A schedule's warm-up and its decay (cosine ends near 0) take small steps by design: only the
    // samples near the peak rate say whether the rate itself is too low.
    if (learningRate >= kNearPeak * peakLearningRate)
        m_epochUpdateRatios.push_back(ratio);
    std::vector<double> recentRatios;
    double recentLoss = 0.0;
    for (const HealthSample& s : m_recent) {
        recentRatios.push_back(medianUpdateRatio(s));
        recentLoss += s.loss / static_cast<double>(m_recent.size());
    }
    const double recent = median(recentRatios);
    const bool persistent = m_recent.size() >= static_cast<std::size_t>(kPersistSamples);
    if (persistent
        && (recent > kHugeUpdateRatio || (recent > kHighUpdateRatio && recentLoss > kLossAboveChance * m_chanceLoss)))
        out.push_back({DiagnosisKind::LearningRateTooHigh, -1, 0, 0,
            {"each step changes the weights by %1 % of their size (healthy: about 0.1 %) and the loss is %2",
                {fixedText(100.0 * recent, 1), shortText(recentLoss)}},
            lower, "learning_rate"});
    if (m_epochUpdateRatios.size() >= static_cast<std::size_t>(kPersistSamples)
        && median(m_epochUpdateRatios) < kLowUpdateRatio)
        out.push_back({DiagnosisKind::LearningRateTooLow, -1, 0, 0,
            {"each step changes the weights by only %1 % of their size (healthy: about 0.1 %)",
                {shortText(100.0 * median(m_epochUpdateRatios))}},
            {"raise the learning rate (now %1) about tenfold", {rate}}, "learning_rate"});
}

void Diagnostician::checkGradients(const HealthSample& sample, std::vector<Diagnosis>& out)
{
    const Phrase clip{
        "set Clip gradient norm (e.g. 1), lower the learning rate, or add BatchNorm after the convolutions", {}};
    if (!finite(sample.gradientNorm)
        || (sample.gradientNorm > kExplodingFloor && sample.gradientNorm > kExplodingFactor * m_firstGradientNorm))
        out.push_back({DiagnosisKind::ExplodingGradients, -1, 0, 0,
            {"the gradient norm is %1, %2 times what it was at the start",
                {shortText(sample.gradientNorm),
                    shortText(sample.gradientNorm / std::max(1e-30, m_firstGradientNorm))}},
            clip, "gradient_clip_norm"});
    // Vanishing: the first weighted layer learns far slower than the last, in every recent sample.
    if (m_recent.size() < static_cast<std::size_t>(kPersistSamples))
        return;
    double worst = 0.0;
    int firstLayer = -1;
    for (const HealthSample& s : m_recent) {
        const LayerStats* first = nullptr;
        const LayerStats* last = nullptr;
        for (const LayerStats& l : s.layers)
            if (finite(l.gradientNorm) && finite(l.weightNorm) && l.weightNorm > 0.0) {
                first = first ? first : &l;
                last = &l;
            }
        if (first == nullptr || first == last || last->gradientNorm <= 0.0)
            return;
        const double share = (first->gradientNorm / first->weightNorm) / (last->gradientNorm / last->weightNorm);
        if (!(share < kVanishingRatio))
            return;
        worst = std::max(worst, share);
        firstLayer = first->layer;
    }
    out.push_back({DiagnosisKind::VanishingGradients, firstLayer, 0, 0,
        {"layer %1 gets %2 of the gradient the last layer gets, relative to its weights",
            {layerName(m_spec, firstLayer), shortText(worst)}},
        {"add BatchNorm after the convolutions, use ReLU instead of Sigmoid or Tanh, or use residual blocks", {}},
        "layers"});
}

bool Diagnostician::holdsInRecent(int layer, bool (*rule)(const LayerStats&)) const
{
    if (m_recent.size() < static_cast<std::size_t>(kPersistSamples))
        return false;
    for (const HealthSample& s : m_recent) {
        const auto it
            = std::find_if(s.layers.begin(), s.layers.end(), [&](const LayerStats& l) { return l.layer == layer; });
        if (it == s.layers.end() || !rule(*it))
            return false;
    }
    return true;
}

void Diagnostician::checkLayers(const HealthSample& sample, std::vector<Diagnosis>& out)
{
    // Only the first constant layer is named: every layer after it is constant because of it.
    bool constantBefore = false;
    for (const LayerStats& s : sample.layers) {
        const bool dead = holdsInRecent(s.layer, isDead);
        const bool constant = !dead && holdsInRecent(s.layer, isConstant);
        if (dead)
            out.push_back({DiagnosisKind::DeadRelus, s.layer, 0, 0,
                {"layer %1: %2 % of its units give zero for every image (dead ReLUs)",
                    {layerName(m_spec, s.layer), percent(s.deadFraction)}},
                {"lower the learning rate, use LeakyReLU instead, or put BatchNorm before it", {}}, "layers"});
        else if (constant && !constantBefore)
            out.push_back({DiagnosisKind::ConstantOutput, s.layer, 0, 0,
                {"layer %1 gives the same output for every image: nothing after it can tell the images apart",
                    {layerName(m_spec, s.layer)}},
                {"look at the layers before it (dead units, a pool that shrank the map to one pixel) and lower the "
                 "learning rate",
                    {}},
                "layers"});
        constantBefore = constantBefore || constant || (dead && s.deadFraction >= 0.99);
    }
}

std::vector<Diagnosis> Diagnostician::examineEpoch(const std::vector<EpochMetrics>& history)
{
    const std::size_t before = m_fired.size();
    if (history.empty())
        return {};
    checkLossProgress(history);
    checkOverfitting(history);
    return {m_fired.begin() + static_cast<std::ptrdiff_t>(before), m_fired.end()};
}

void Diagnostician::checkLossProgress(const std::vector<EpochMetrics>& history)
{
    const EpochMetrics& now = history.back();
    const int n = static_cast<int>(history.size());
    if (n == 1 && now.trainLoss >= 0.98 * m_chanceLoss && finite(now.trainLoss))
        fire({DiagnosisKind::LossNotImproving, -1, 0, 0,
            {"after a whole epoch the training loss (%1) is still at chance level (%2)",
                {fixedText(now.trainLoss, 3), fixedText(m_chanceLoss, 3)}},
            {"another learning rate (ten times higher or lower), or Adam instead of SGD", {}}, "learning_rate"});
    if (n <= kStallEpochs || now.trainAccuracy >= 0.99)
        return;
    double bestBefore = history.front().trainLoss;
    for (int i = 0; i < n - kStallEpochs; ++i)
        bestBefore = std::min(bestBefore, history[static_cast<std::size_t>(i)].trainLoss);
    double bestRecent = now.trainLoss;
    for (int i = n - kStallEpochs; i < n; ++i)
        bestRecent = std::min(bestRecent, history[static_cast<std::size_t>(i)].trainLoss);
    if (bestRecent > (1.0 - kImprovement) * bestBefore)
        fire({DiagnosisKind::LossNotImproving, -1, 0, 0,
            {"the training loss has not fallen in %1 epochs (best %2, now %3)",
                {std::to_string(kStallEpochs), fixedText(bestBefore, 4), fixedText(now.trainLoss, 4)}},
            {"lower the learning rate (or use a schedule), or make the network wider", {}}, "learning_rate"});
}

void Diagnostician::checkOverfitting(const std::vector<EpochMetrics>& history)
{
    const EpochMetrics& now = history.back();
    const int n = static_cast<int>(history.size());
    if (n <= kStallEpochs)
        return;
    bool growing = true;
    for (int i = n - kStallEpochs; i < n; ++i) {
        const EpochMetrics& a = history[static_cast<std::size_t>(i - 1)];
        const EpochMetrics& b = history[static_cast<std::size_t>(i)];
        growing = growing && b.testLoss > a.testLoss && b.trainLoss <= a.trainLoss;
    }
    if (growing && now.trainAccuracy - now.testAccuracy > kOverfitGap)
        fire({DiagnosisKind::Overfitting, -1, 0, 0,
            {"overfitting: the test loss rose for %1 epochs while the training loss fell; train accuracy %2 %, "
             "test %3 %",
                {std::to_string(kStallEpochs), fixedText(100.0 * now.trainAccuracy, 1),
                    fixedText(100.0 * now.testAccuracy, 1)}},
            {"add augmentation, Dropout or weight decay, or turn on early stopping", {}}, "augmentation"});
}

const char* diagnosisKindName(DiagnosisKind kind) noexcept
{
    switch (kind) {
    case DiagnosisKind::LearningRateTooHigh:
        return "learning_rate_too_high";
    case DiagnosisKind::LearningRateTooLow:
        return "learning_rate_too_low";
    case DiagnosisKind::ExplodingGradients:
        return "exploding_gradients";
    case DiagnosisKind::VanishingGradients:
        return "vanishing_gradients";
    case DiagnosisKind::DeadRelus:
        return "dead_relus";
    case DiagnosisKind::ConstantOutput:
        return "constant_output";
    case DiagnosisKind::LossNotImproving:
        return "loss_not_improving";
    case DiagnosisKind::Overfitting:
        return "overfitting";
    }
    return "";
}

const char* diagnosisTitle(DiagnosisKind kind) noexcept
{
    switch (kind) {
    case DiagnosisKind::LearningRateTooHigh:
        return "Learning rate too high";
    case DiagnosisKind::LearningRateTooLow:
        return "Learning rate too low";
    case DiagnosisKind::ExplodingGradients:
        return "Exploding gradients";
    case DiagnosisKind::VanishingGradients:
        return "Vanishing gradients";
    case DiagnosisKind::DeadRelus:
        return "Dead ReLUs";
    case DiagnosisKind::ConstantOutput:
        return "Constant output";
    case DiagnosisKind::LossNotImproving:
        return "Loss not improving";
    case DiagnosisKind::Overfitting:
        return "Overfitting";
    }
    return "";
}

} // namespace cnnwb::engine
