#include "cnnwb/engine/sweep/sweep_index.h"

#include "core/atomic_file.h"
#include "core/binary_file.h"
#include "core/json_document.h"

#include "cnnwb/engine/core/error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstdio>

namespace cnnwb::engine {
namespace {

using nlohmann::json;

constexpr std::array<std::pair<TrialStatus, std::string_view>, 8> kStatusNames = {{
    {TrialStatus::Pending, "pending"},
    {TrialStatus::Running, "running"},
    {TrialStatus::Waiting, "waiting"},
    {TrialStatus::Finished, "finished"},
    {TrialStatus::EarlyStopped, "early-stopped"},
    {TrialStatus::Halved, "halved"},
    {TrialStatus::Failed, "failed"},
    {TrialStatus::Interrupted, "interrupted"},
}};

json trialToJson(const TrialRecord& t, const std::vector<std::string>& keys)
{
    json values = json::object();
    for (std::size_t i = 0; i < t.values.size() && i < keys.size(); ++i)
        values[keys[i]] = json::parse(t.values[i]);
    return {{"trial", t.index + 1}, {"name", t.name}, {"values", std::move(values)},
        {"status", std::string(trialStatusName(t.status))}, {"reason", t.reason}, {"epochs", t.epochs},
        {"epochs_done", t.epochsDone}, {"best_test_accuracy", t.bestTestAccuracy}, {"best_epoch", t.bestEpoch},
        {"last_test_accuracy", t.lastTestAccuracy}, {"last_test_loss", t.lastTestLoss}, {"seconds", t.seconds},
        {"test_accuracy", t.testAccuracy}, {"test_loss", t.testLoss}, {"train_loss", t.trainLoss},
        {"halving",
            {{"epoch", t.halving.epoch}, {"rank", t.halving.rank}, {"ranked", t.halving.ranked},
                {"kept", t.halving.kept}}}};
}

TrialRecord trialFromJson(const json& j, const std::vector<std::string>& keys)
{
    TrialRecord t;
    t.index = j.at("trial").get<int>() - 1;
    t.name = j.at("name").get<std::string>();
    for (const std::string& key : keys)
        t.values.push_back(j.at("values").at(key).dump());
    if (!parseTrialStatus(j.at("status").get<std::string>(), t.status))
        throw Error(ErrorCode::InvalidData, "unknown trial status \"" + j.at("status").get<std::string>() + "\"");
    t.reason = j.value("reason", "");
    t.epochs = j.value("epochs", 0);
    t.epochsDone = j.value("epochs_done", 0);
    t.bestTestAccuracy = j.value("best_test_accuracy", 0.0);
    t.bestEpoch = j.value("best_epoch", 0);
    t.lastTestAccuracy = j.value("last_test_accuracy", 0.0);
    t.lastTestLoss = j.value("last_test_loss", 0.0);
    t.seconds = j.value("seconds", 0.0);
    t.testAccuracy = j.value("test_accuracy", std::vector<double>{});
    t.testLoss = j.value("test_loss", std::vector<double>{});
    t.trainLoss = j.value("train_loss", std::vector<double>{});
    if (const auto halving = j.find("halving"); halving != j.end() && halving->is_object())
        t.halving = {halving->value("epoch", 0), halving->value("rank", 0), halving->value("ranked", 0),
            halving->value("kept", 0)};
    return t;
}

// RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled.
std::string csvField(const std::string& text)
{
    if (text.find_first_of(",\"\n") == std::string::npos)
        return text;
    std::string quoted = "\"";
    for (const char c : text)
        quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

std::string fixed(double value, int decimals)
{
    std::array<char, 48> text{};
    std::snprintf(text.data(), text.size(), "%.*f", decimals, value);
    return text.data();
}

// Ranks 1..n, ties sharing their mean rank (as Spearman's rho needs).
std::vector<double> ranks(const std::vector<double>& values)
{
    std::vector<std::size_t> order(values.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
    std::vector<double> rank(values.size());
    for (std::size_t i = 0; i < order.size();) {
        std::size_t j = i;
        while (j + 1 < order.size() && values[order[j + 1]] == values[order[i]])
            ++j;
        for (std::size_t k = i; k <= j; ++k)
            rank[order[k]] = (static_cast<double>(i + j) / 2.0) + 1.0;
        i = j + 1;
    }
    return rank;
}

double pearson(const std::vector<double>& x, const std::vector<double>& y)
{
    const auto n = static_cast<double>(x.size());
    double mx = 0.0;
    double my = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        mx += x[i] / n;
        my += y[i] / n;
    }
    double sxy = 0.0;
    double sxx = 0.0;
    double syy = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
    }
    return sxx > 0.0 && syy > 0.0 ? sxy / std::sqrt(sxx * syy) : 0.0;
}

// sqrt(between-group sum of squares / total sum of squares).
double correlationRatio(const std::vector<std::string>& groups, const std::vector<double>& y)
{
    double mean = 0.0;
    for (const double v : y)
        mean += v / static_cast<double>(y.size());
    double total = 0.0;
    for (const double v : y)
        total += (v - mean) * (v - mean);
    std::vector<std::string> names = groups;
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    double between = 0.0;
    for (const std::string& name : names) {
        double sum = 0.0;
        int count = 0;
        for (std::size_t i = 0; i < groups.size(); ++i)
            if (groups[i] == name) {
                sum += y[i];
                ++count;
            }
        const double groupMean = sum / count;
        between += count * (groupMean - mean) * (groupMean - mean);
    }
    return total > 0.0 && names.size() > 1 ? std::sqrt(between / total) : 0.0;
}

} // namespace

std::string_view trialStatusName(TrialStatus status) noexcept
{
    for (const auto& [value, name] : kStatusNames)
        if (value == status)
            return name;
    return "pending";
}

bool parseTrialStatus(std::string_view name, TrialStatus& status) noexcept
{
    for (const auto& [value, text] : kStatusNames)
        if (text == name) {
            status = value;
            return true;
        }
    return false;
}

bool isSettled(TrialStatus status) noexcept
{
    return status == TrialStatus::Finished || status == TrialStatus::EarlyStopped || status == TrialStatus::Halved
        || status == TrialStatus::Failed;
}

int SweepIndex::count(TrialStatus status) const
{
    return static_cast<int>(
        std::count_if(trials.begin(), trials.end(), [&](const TrialRecord& t) { return t.status == status; }));
}

int SweepIndex::bestTrial() const
{
    int best = -1;
    for (std::size_t i = 0; i < trials.size(); ++i)
        if (trials[i].epochsDone > 0
            && (best < 0 || trials[i].bestTestAccuracy > trials[static_cast<std::size_t>(best)].bestTestAccuracy))
            best = static_cast<int>(i);
    return best;
}

std::string sweepIndexToJson(const SweepIndex& index)
{
    json trials = json::array();
    for (const TrialRecord& t : index.trials)
        trials.push_back(trialToJson(t, index.keys));
    json scales = json::array();
    for (const SweepScale scale : index.scales)
        scales.push_back(scale == SweepScale::Log ? "log" : "linear");
    const json j = {{"version", SweepIndex::kVersion}, {"keys", index.keys}, {"scales", std::move(scales)},
        {"method", std::string(sweepMethodName(index.method))}, {"successive_halving", index.halving},
        {"rungs", index.rungs}, {"running", index.running}, {"complete", index.complete},
        {"trials", std::move(trials)}};
    return j.dump(2) + "\n";
}

std::string sweepIndexToCsv(const SweepIndex& index)
{
    std::string csv = "trial,name";
    for (const std::string& key : index.keys)
        csv += "," + csvField(key);
    csv += ",status,reason,epochs,epochs_done,best_test_accuracy,best_epoch,last_test_accuracy,last_test_loss,"
           "seconds\n";
    for (const TrialRecord& t : index.trials) {
        csv += std::to_string(t.index + 1) + "," + t.name;
        for (const std::string& value : t.values)
            csv += "," + csvField(sweepValueText(value));
        csv += "," + std::string(trialStatusName(t.status)) + "," + csvField(t.reason) + "," + std::to_string(t.epochs)
            + "," + std::to_string(t.epochsDone) + "," + fixed(t.bestTestAccuracy, 6) + ","
            + std::to_string(t.bestEpoch) + "," + fixed(t.lastTestAccuracy, 6) + "," + fixed(t.lastTestLoss, 6) + ","
            + fixed(t.seconds, 1) + "\n";
    }
    return csv;
}

SweepIndex loadSweepIndex(const std::filesystem::path& folder)
{
    const std::filesystem::path file = folder / "index.json";
    const json j = parseJsonDocument(readTextFile(file, "sweep index"), file.string());
    SweepIndex index;
    index.folder = folder;
    try {
        index.keys = j.at("keys").get<std::vector<std::string>>();
        for (const json& scale : j.value("scales", json::array()))
            index.scales.push_back(scale == "log" ? SweepScale::Log : SweepScale::Linear);
        index.scales.resize(index.keys.size(), SweepScale::Linear);
        (void)parseSweepMethod(j.value("method", "grid"), index.method);
        index.halving = j.value("successive_halving", false);
        index.rungs = j.value("rungs", std::vector<int>{});
        index.running = j.value("running", false);
        index.complete = j.value("complete", false);
        for (const json& trial : j.at("trials"))
            index.trials.push_back(trialFromJson(trial, index.keys));
    } catch (const json::exception& e) {
        throw Error(ErrorCode::InvalidData, "damaged sweep index: " + plainJsonMessage(e), {file.string()});
    } catch (const Error& e) {
        throw Error(ErrorCode::InvalidData, "damaged sweep index: " + e.message(), {file.string()});
    }
    return index;
}

void saveSweepIndex(const SweepIndex& index)
{
    writeFileAtomically(index.folder / "index.json", sweepIndexToJson(index));
    writeFileAtomically(index.folder / "index.csv", sweepIndexToCsv(index));
}

std::vector<SettingImportance> settingImportance(const SweepIndex& index)
{
    std::vector<const TrialRecord*> measured;
    for (const TrialRecord& t : index.trials)
        if (t.epochsDone > 0)
            measured.push_back(&t);
    std::vector<double> accuracy;
    for (const TrialRecord* t : measured)
        accuracy.push_back(t->bestTestAccuracy);
    std::vector<SettingImportance> result;
    for (std::size_t k = 0; k < index.keys.size(); ++k) {
        SettingImportance importance{index.keys[k]};
        std::vector<std::string> texts;
        std::vector<double> numbers;
        bool numeric = true;
        for (const TrialRecord* t : measured) {
            const json value = json::parse(t->values.at(k));
            texts.push_back(value.dump());
            numeric = numeric && value.is_number();
            numbers.push_back(value.is_number() ? value.get<double>() : 0.0);
        }
        importance.rankCorrelation = numeric;
        if (measured.size() >= 3) {
            if (numeric) {
                importance.signedCorrelation = pearson(ranks(numbers), ranks(accuracy));
                importance.importance = std::abs(importance.signedCorrelation);
            } else {
                importance.importance = correlationRatio(texts, accuracy);
            }
        }
        result.push_back(importance);
    }
    return result;
}

} // namespace cnnwb::engine
