#include "cnnwb/engine/records/run_history.h"

#include "cnnwb/engine/core/error.h"

#include <nlohmann/json.hpp>

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

namespace cnnwb::engine {
namespace {

using nlohmann::json;

void flatten(const json& value, const std::string& prefix, std::map<std::string, std::string>& out)
{
    if (value.is_object()) {
        for (const auto& [key, child] : value.items())
            flatten(child, prefix.empty() ? key : prefix + "." + key, out);
    } else {
        out[prefix] = value.is_string() ? value.get<std::string>() : value.dump();
    }
}

} // namespace

std::vector<EpochMetrics> readMetricsCsv(const std::filesystem::path& file)
{
    std::ifstream in(file);
    if (!in)
        throw Error(ErrorCode::Io, "cannot open metrics file", {file.string()});
    std::string line;
    std::getline(in, line);
    std::vector<std::string> header;
    {
        std::stringstream fields(line);
        for (std::string field; std::getline(fields, field, ',');)
            header.push_back(field);
    }
    const auto column = [&](const char* name) {
        const auto it = std::find(header.begin(), header.end(), name);
        return it == header.end() ? -1 : static_cast<int>(it - header.begin());
    };
    const int epochColumn = column("epoch");
    if (epochColumn < 0)
        throw Error(ErrorCode::InvalidData, "not a metrics file (no \"epoch\" column)", {file.string()});
    std::vector<EpochMetrics> epochs;
    for (std::int64_t row = 1; std::getline(in, line); ++row) {
        if (line.empty())
            continue;
        std::vector<std::string> values;
        std::stringstream fields(line);
        for (std::string field; std::getline(fields, field, ',');)
            values.push_back(field);
        const auto number = [&](const char* name) {
            const int c = column(name);
            try {
                return c >= 0 && c < static_cast<int>(values.size()) ? std::stod(values[static_cast<std::size_t>(c)])
                                                                     : 0.0;
            } catch (const std::exception&) {
                throw Error(ErrorCode::InvalidData, std::string("bad number in column ") + name, {file.string(), row});
            }
        };
        EpochMetrics e;
        e.epoch = static_cast<int>(number("epoch"));
        e.trainLoss = number("train_loss");
        e.trainAccuracy = number("train_accuracy");
        e.testLoss = number("test_loss");
        e.testAccuracy = number("test_accuracy");
        e.imagesPerSecond = number("images_per_second");
        e.seconds = number("seconds");
        e.learningRate = number("learning_rate");
        epochs.push_back(e);
    }
    return epochs;
}

std::vector<RunRecord> listRuns(const std::filesystem::path& runsDir)
{
    std::vector<RunRecord> runs;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(runsDir, ec)) {
        if (!entry.is_directory(ec) || !std::filesystem::is_regular_file(entry.path() / "manifest.json", ec))
            continue;
        try {
            RunRecord run;
            run.folder = entry.path();
            run.manifest = loadRunManifest(entry.path() / "manifest.json");
            if (std::filesystem::is_regular_file(entry.path() / "metrics.csv", ec))
                run.epochs = readMetricsCsv(entry.path() / "metrics.csv");
            runs.push_back(std::move(run));
        } catch (const Error&) { // NOLINT(bugprone-empty-catch): a damaged run is left out of the list
        }
    }
    std::sort(runs.begin(), runs.end(), [](const RunRecord& a, const RunRecord& b) {
        return a.manifest.startedAt != b.manifest.startedAt ? a.manifest.startedAt > b.manifest.startedAt
                                                            : a.folder.filename() > b.folder.filename();
    });
    return runs;
}

std::vector<SettingDifference> experimentDifferences(const std::vector<Experiment>& experiments)
{
    std::vector<std::map<std::string, std::string>> flat(experiments.size());
    std::map<std::string, int> keys; // sorted, so the table reads the same every time
    for (std::size_t i = 0; i < experiments.size(); ++i) {
        json j = json::parse(experimentToJson(experiments[i]));
        j.erase("version");
        flatten(j, "", flat[i]);
        for (const auto& [key, value] : flat[i])
            keys[key] = 0;
    }
    std::vector<SettingDifference> differences;
    for (const auto& [key, unused] : keys) {
        SettingDifference d{key, {}};
        for (const auto& values : flat) {
            const auto it = values.find(key);
            d.values.push_back(it == values.end() ? std::string() : it->second);
        }
        if (std::adjacent_find(d.values.begin(), d.values.end(), std::not_equal_to<>()) != d.values.end())
            differences.push_back(std::move(d));
    }
    return differences;
}

std::filesystem::path createRunFolder(const std::filesystem::path& runsDir, const std::string& name)
{
    std::error_code ec;
    std::filesystem::create_directories(runsDir, ec);
    if (ec)
        throw Error(ErrorCode::Io, "cannot create the runs folder: " + ec.message(), {runsDir.string()});
    // mkdir fails on an existing folder, so two runs started in the same second get a folder each.
    for (int n = 1; n < 1000; ++n) {
        const std::filesystem::path folder = runsDir / (n == 1 ? name : name + "-" + std::to_string(n));
        if (::mkdir(folder.c_str(), 0755) == 0)
            return folder;
        if (errno != EEXIST)
            throw Error(
                ErrorCode::Io, std::string("cannot create the run folder: ") + std::strerror(errno), {folder.string()});
    }
    throw Error(ErrorCode::Io, "too many run folders named " + name, {runsDir.string()});
}

} // namespace cnnwb::engine
