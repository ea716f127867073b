#include "cnnwb/engine/sweep/sweep_spec.h"

#include "core/json_document.h"

#include "cnnwb/engine/core/error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace cnnwb::engine {
namespace {

using nlohmann::json;

constexpr int kMaxGridPoints = 1000;
constexpr int kMaxTrials = 10000;

template <typename T>
T readOr(const json& object, const char* key, T fallback, const std::string& at, const std::string& source)
{
    const auto it = object.find(key);
    if (it == object.end())
        return fallback;
    try {
        return jsonGet<T>(*it);
    } catch (const json::exception&) {
        throw Error(ErrorCode::InvalidData, at + "." + key + ": has the wrong type", {source});
    }
}

json parameterToJson(const SweepParameter& p)
{
    json j = {{"key", p.key}};
    if (!p.isRange()) {
        json values = json::array();
        for (const std::string& value : p.values)
            values.push_back(json::parse(value));
        j["values"] = std::move(values);
        return j;
    }
    j["min"] = p.min;
    j["max"] = p.max;
    j["scale"] = p.scale == SweepScale::Log ? "log" : "linear";
    j["count"] = p.count;
    return j;
}

SweepParameter parameterFromJson(const json& j, const std::string& at, const std::string& source)
{
    if (!j.is_object())
        throw Error(ErrorCode::InvalidData, at + ": is not an object", {source});
    SweepParameter p;
    p.key = readOr<std::string>(j, "key", "", at, source);
    if (const auto values = j.find("values"); values != j.end()) {
        if (!values->is_array())
            throw Error(ErrorCode::InvalidData, at + ".values: is not a list", {source});
        for (const json& value : *values) {
            if (value.is_structured())
                throw Error(ErrorCode::InvalidData, at + ".values: holds a list or an object, not a value", {source});
            p.values.push_back(value.dump());
        }
        if (p.values.empty())
            throw Error(ErrorCode::InvalidData, at + ".values: is empty", {source});
        return p;
    }
    p.min = readOr<double>(j, "min", 0.0, at, source);
    p.max = readOr<double>(j, "max", 0.0, at, source);
    p.count = readOr<int>(j, "count", p.count, at, source);
    const std::string scale = readOr<std::string>(j, "scale", "linear", at, source);
    if (scale != "linear" && scale != "log")
        throw Error(ErrorCode::InvalidData, at + ".scale: \"" + scale + "\" is not one of linear, log", {source});
    p.scale = scale == "log" ? SweepScale::Log : SweepScale::Linear;
    return p;
}

} // namespace

bool SweepSpec::sameTrials(const SweepSpec& other) const
{
    const bool sameDraws = method == SweepMethod::Grid || (trials == other.trials && seed == other.seed);
    return method == other.method && sameDraws && parameters == other.parameters && halving == other.halving;
}

std::string sweepToJson(const SweepSpec& sweep)
{
    json parameters = json::array();
    for (const SweepParameter& p : sweep.parameters)
        parameters.push_back(parameterToJson(p));
    json j = {{"method", std::string(sweepMethodName(sweep.method))}, {"trials", sweep.trials}, {"seed", sweep.seed},
        {"parameters", std::move(parameters)},
        {"successive_halving",
            {{"enabled", sweep.halving.enabled}, {"rungs", sweep.halving.rungs}, {"keep", sweep.halving.keep}}},
        {"parallel", sweep.parallel}};
    if (!sweep.view.empty())
        j["view"] = json::parse(sweep.view);
    return j.dump(2);
}

SweepSpec sweepFromJson(const std::string& text, const std::string& source)
{
    const json j = parseJsonDocument(text, source);
    if (!j.is_object())
        throw Error(ErrorCode::InvalidData, "sweep: is not an object", {source});
    SweepSpec sweep;
    const std::string method = readOr<std::string>(j, "method", "grid", "sweep", source);
    if (!parseSweepMethod(method, sweep.method))
        throw Error(ErrorCode::InvalidData, "sweep.method: \"" + method + "\" is not one of grid, random", {source});
    sweep.trials = readOr<int>(j, "trials", sweep.trials, "sweep", source);
    sweep.seed = readOr<std::uint64_t>(j, "seed", sweep.seed, "sweep", source);
    sweep.parallel = readOr<int>(j, "parallel", sweep.parallel, "sweep", source);
    if (const auto parameters = j.find("parameters"); parameters != j.end()) {
        if (!parameters->is_array())
            throw Error(ErrorCode::InvalidData, "sweep.parameters: is not a list", {source});
        for (std::size_t i = 0; i < parameters->size(); ++i)
            sweep.parameters.push_back(
                parameterFromJson((*parameters)[i], "sweep.parameters." + std::to_string(i), source));
    }
    if (const auto halving = j.find("successive_halving"); halving != j.end() && halving->is_object()) {
        const std::string at = "sweep.successive_halving";
        sweep.halving.enabled = readOr<bool>(*halving, "enabled", false, at, source);
        sweep.halving.rungs = readOr<std::vector<int>>(*halving, "rungs", sweep.halving.rungs, at, source);
        sweep.halving.keep = readOr<double>(*halving, "keep", sweep.halving.keep, at, source);
    }
    if (const auto view = j.find("view"); view != j.end() && view->is_object())
        sweep.view = view->dump();
    try {
        validate(sweep);
    } catch (const Error& e) {
        throw Error(ErrorCode::InvalidData, e.message(), {source});
    }
    return sweep;
}

void validate(const SweepSpec& sweep)
{
    const auto fail = [](const std::string& message) { throw Error(ErrorCode::InvalidArgument, message); };
    if (sweep.method == SweepMethod::Random && (sweep.trials < 1 || sweep.trials > kMaxTrials))
        fail("sweep.trials: must be 1 to " + std::to_string(kMaxTrials));
    if (sweep.parallel < 0 || sweep.parallel > 256)
        fail("sweep.parallel: must be 0 (one per GPU) to 256");
    for (std::size_t i = 0; i < sweep.parameters.size(); ++i) {
        const SweepParameter& p = sweep.parameters[i];
        const std::string at = "sweep.parameters." + std::to_string(i) + " (" + p.key + ")";
        if (p.key.empty())
            fail("sweep.parameters." + std::to_string(i) + ": has no key");
        if (!p.isRange()) {
            for (const std::string& value : p.values)
                if (const json v = json::parse(value, nullptr, false); v.is_discarded() || v.is_structured())
                    fail(at + ": \"" + value + "\" is not a value (a number, true/false or a \"name\")");
            continue;
        }
        if (!std::isfinite(p.min) || !std::isfinite(p.max) || p.min > p.max)
            fail(at + ": the range needs min <= max");
        if (p.scale == SweepScale::Log && p.min <= 0.0)
            fail(at + ": a log range needs min above 0");
        if (sweep.method == SweepMethod::Grid && (p.count < 1 || p.count > kMaxGridPoints))
            fail(at + ": count must be 1 to " + std::to_string(kMaxGridPoints));
    }
    for (std::size_t i = 0; i < sweep.parameters.size(); ++i)
        for (std::size_t k = 0; k < i; ++k)
            if (sweep.parameters[i].key == sweep.parameters[k].key)
                fail("sweep.parameters: " + sweep.parameters[i].key + " is given twice");
    const SuccessiveHalving& h = sweep.halving;
    if (!(h.keep > 0.0 && h.keep < 1.0))
        fail("sweep.successive_halving.keep: must be above 0 and below 1");
    if (h.enabled && h.rungs.empty())
        fail("sweep.successive_halving.rungs: needs at least one epoch");
    for (std::size_t i = 0; i < h.rungs.size(); ++i)
        if (h.rungs[i] < 1 || (i > 0 && h.rungs[i] <= h.rungs[i - 1]))
            fail("sweep.successive_halving.rungs: must be epochs from 1 up, ascending");
}

std::string_view sweepMethodName(SweepMethod method) noexcept
{
    return method == SweepMethod::Random ? "random" : "grid";
}

bool parseSweepMethod(std::string_view name, SweepMethod& method) noexcept
{
    if (name == "grid" || name == "random") {
        method = name == "grid" ? SweepMethod::Grid : SweepMethod::Random;
        return true;
    }
    return false;
}

std::string sweepValueText(const std::string& jsonValue)
{
    const json value = json::parse(jsonValue, nullptr, false);
    if (value.is_discarded())
        return jsonValue;
    return value.is_string() ? value.get<std::string>() : value.dump();
}

} // namespace cnnwb::engine
