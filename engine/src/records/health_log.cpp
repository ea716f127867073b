#include "records/health_log.h"

#include "core/atomic_file.h"
#include "core/json_document.h"
#include "records/rgb_png.h"

#include "cnnwb/engine/core/error.h"

#include <cmath>
#include <cstdio>
#include <mutex>
#include <set>
#include <sstream>

namespace cnnwb::engine {
namespace {

using nlohmann::json;

json number(double v)
{
    return std::isfinite(v) ? json(v) : json(nullptr);
}

double numberFrom(const json& j, const char* key)
{
    const auto it = j.find(key);
    return it == j.end() || !it->is_number() ? std::nan("") : it->get<double>();
}

// A phrase read back from a file needs a text that lives as long as the program, as a literal does.
const char* interned(const std::string& text)
{
    static std::mutex mutex;
    static std::set<std::string> texts;
    const std::lock_guard lock(mutex);
    return texts.insert(text).first->c_str();
}

json phraseJson(const Phrase& p)
{
    json values = json::array();
    for (const PhraseValue& v : p.values)
        values.push_back(v.text());
    return {{"text", p.text}, {"values", values}, {"english", p.english()}};
}

Phrase phraseFrom(const json& j)
{
    Phrase p{interned(j.value("text", std::string())), {}};
    for (const json& v : j.value("values", json::array()))
        p.values.emplace_back(v.is_string() ? v.get<std::string>() : v.dump());
    return p;
}

json histogramJson(const Histogram& h)
{
    return {{"min", h.min}, {"max", h.max}, {"sum", h.sum}, {"sum_squares", h.sumSquares}, {"count", h.count},
        {"bins", h.bins}};
}

Histogram histogramFrom(const json& j)
{
    Histogram h;
    h.min = numberFrom(j, "min");
    h.max = numberFrom(j, "max");
    h.sum = numberFrom(j, "sum");
    h.sumSquares = numberFrom(j, "sum_squares");
    h.count = j.value("count", std::int64_t{0});
    h.bins = j.value("bins", std::vector<double>{});
    return h;
}

json diagnosisJson(const Diagnosis& d)
{
    return {{"kind", diagnosisKindName(d.kind)}, {"layer", d.layer}, {"epoch", d.epoch}, {"step", d.step},
        {"message", phraseJson(d.message)}, {"suggestion", phraseJson(d.suggestion)}, {"setting", d.setting}};
}

Diagnosis diagnosisFrom(const json& j)
{
    Diagnosis d;
    const std::string kind = j.value("kind", std::string());
    for (int k = 0; k <= static_cast<int>(DiagnosisKind::Overfitting); ++k)
        if (kind == diagnosisKindName(static_cast<DiagnosisKind>(k)))
            d.kind = static_cast<DiagnosisKind>(k);
    d.layer = j.value("layer", -1);
    d.epoch = j.value("epoch", 0);
    d.step = j.value("step", std::int64_t{0});
    d.message = phraseFrom(j.value("message", json::object()));
    d.suggestion = phraseFrom(j.value("suggestion", json::object()));
    d.setting = j.value("setting", std::string());
    return d;
}

json sampleJson(const HealthSample& s)
{
    json layers = json::array();
    for (const LayerStats& l : s.layers)
        layers.push_back({{"layer", l.layer}, {"kind", l.kind}, {"weight_norm", number(l.weightNorm)},
            {"gradient_norm", number(l.gradientNorm)}, {"update_ratio", number(l.updateRatio)},
            {"activation_mean", number(l.activationMean)}, {"activation_std", number(l.activationStd)},
            {"dead_fraction", number(l.deadFraction)}, {"saturated_fraction", number(l.saturatedFraction)},
            {"batch_spread", number(l.batchSpread)}});
    json fired = json::array();
    for (const Diagnosis& d : s.fired)
        fired.push_back(diagnosisJson(d));
    return {{"type", "sample"}, {"epoch", s.epoch}, {"step", s.step}, {"loss", number(s.loss)},
        {"gradient_norm", number(s.gradientNorm)}, {"layers", layers}, {"fired", fired}};
}

HealthSample sampleFrom(const json& j)
{
    HealthSample s;
    s.epoch = j.value("epoch", 0);
    s.step = j.value("step", std::int64_t{0});
    s.loss = numberFrom(j, "loss");
    s.gradientNorm = numberFrom(j, "gradient_norm");
    for (const json& l : j.value("layers", json::array()))
        s.layers.push_back({.layer = l.value("layer", 0),
            .kind = l.value("kind", std::string()),
            .weightNorm = numberFrom(l, "weight_norm"),
            .gradientNorm = numberFrom(l, "gradient_norm"),
            .updateRatio = numberFrom(l, "update_ratio"),
            .activationMean = numberFrom(l, "activation_mean"),
            .activationStd = numberFrom(l, "activation_std"),
            .deadFraction = numberFrom(l, "dead_fraction"),
            .saturatedFraction = numberFrom(l, "saturated_fraction"),
            .batchSpread = numberFrom(l, "batch_spread")});
    for (const json& d : j.value("fired", json::array()))
        s.fired.push_back(diagnosisFrom(d));
    return s;
}

json epochJson(const EpochHealth& e)
{
    json layers = json::array();
    for (const LayerHistograms& l : e.layers)
        layers.push_back({{"layer", l.layer}, {"kind", l.kind}, {"weights", histogramJson(l.weights)},
            {"gradients", histogramJson(l.gradients)}, {"activations", histogramJson(l.activations)}});
    json diagnoses = json::array();
    for (const Diagnosis& d : e.diagnoses)
        diagnoses.push_back(diagnosisJson(d));
    return {{"type", "epoch"}, {"epoch", e.epoch}, {"first_conv_layer", e.firstConvLayer}, {"layers", layers},
        {"diagnoses", diagnoses}};
}

EpochHealth epochFrom(const json& j)
{
    EpochHealth e;
    e.epoch = j.value("epoch", 0);
    e.firstConvLayer = j.value("first_conv_layer", -1);
    for (const json& l : j.value("layers", json::array()))
        e.layers.push_back({.layer = l.value("layer", 0),
            .kind = l.value("kind", std::string()),
            .weights = histogramFrom(l.value("weights", json::object())),
            .gradients = histogramFrom(l.value("gradients", json::object())),
            .activations = histogramFrom(l.value("activations", json::object()))});
    for (const json& d : j.value("diagnoses", json::array()))
        e.diagnoses.push_back(diagnosisFrom(d));
    return e;
}

void writePng(const std::filesystem::path& file, const RgbImage& image)
{
    const std::string png = encodePng(image);
    if (!png.empty())
        writeFileAtomically(file, png);
}

// Every line of the file, parsed; a line cut short by a kill (the last one) is dropped.
std::vector<json> readLines(const std::filesystem::path& file)
{
    std::vector<std::string> texts;
    std::ifstream in(file);
    for (std::string line; std::getline(in, line);)
        texts.push_back(std::move(line));
    std::vector<json> lines;
    for (std::size_t i = 0; i < texts.size(); ++i) {
        if (texts[i].empty())
            continue;
        try {
            lines.push_back(parseJsonDocument(texts[i], file.string() + ":" + std::to_string(i + 1)));
        } catch (const Error&) {
            if (i + 1 == texts.size())
                break; // the last line, cut short by a kill: what was measured before it stands
            throw;
        }
    }
    return lines;
}

} // namespace

std::filesystem::path healthPicture(const std::filesystem::path& folder, const char* what, int epoch)
{
    char name[64];
    std::snprintf(name, sizeof name, "%s_%04d.png", what, epoch);
    return folder / HealthLog::kPictureFolder / name;
}

HealthLog::HealthLog(const std::filesystem::path& folder, const Continuation& from, HealthRecord& kept)
    : m_folder(folder)
{
    const std::filesystem::path file = folder / kFileName;
    // A run continued into another folder (the window gives each run its own) takes the record
    // along from the checkpoint's folder, pictures too.
    std::error_code error;
    // A checkpoint kept elsewhere (saved with File → Save Checkpoint) has no record beside it: the
    // run folder's own, when there is one, is the earlier record then.
    const bool beside = !from.earlierFolder.empty() && std::filesystem::exists(from.earlierFolder / kFileName, error);
    const std::filesystem::path& earlier = beside ? from.earlierFolder : folder;
    const std::filesystem::path earlierFile = earlier / kFileName;
    const int epoch = from.epoch;
    const std::int64_t step = from.step;
    const bool elsewhere = !std::filesystem::equivalent(earlier, folder, error);
    std::string keptText;
    if (from.resumed && std::filesystem::exists(earlierFile, error))
        for (const json& line : readLines(earlierFile)) {
            const bool sample = line.value("type", std::string()) == "sample";
            if (sample ? line.value("step", std::int64_t{0}) >= step : line.value("epoch", 0) >= epoch)
                continue;
            keptText += line.dump() + "\n";
            if (sample)
                kept.samples.push_back(sampleFrom(line));
            else
                kept.epochs.push_back(epochFrom(line));
        }
    writeFileAtomically(file, keptText);
    m_file.open(file, std::ios::app);
    if (!m_file)
        throw Error(ErrorCode::Io, "cannot write the health record", {file.string()});
    std::filesystem::create_directories(folder / kPictureFolder);
    if (elsewhere)
        for (const EpochHealth& e : kept.epochs)
            for (const char* what : {"filters", "features"})
                std::filesystem::copy_file(healthPicture(earlier, what, e.epoch), healthPicture(folder, what, e.epoch),
                    std::filesystem::copy_options::overwrite_existing, error); // a missing picture stays missing
    for (EpochHealth& e : kept.epochs) {
        e.filters = readPngFile(healthPicture(folder, "filters", e.epoch));
        e.featureMaps = readPngFile(healthPicture(folder, "features", e.epoch));
    }
}

void HealthLog::writeLine(const std::string& line)
{
    m_file << line << '\n';
    m_file.flush();
}

void HealthLog::write(const HealthSample& sample)
{
    writeLine(sampleJson(sample).dump());
}

void HealthLog::write(const EpochHealth& epoch)
{
    writePng(healthPicture(m_folder, "filters", epoch.epoch), epoch.filters);
    writePng(healthPicture(m_folder, "features", epoch.epoch), epoch.featureMaps);
    writeLine(epochJson(epoch).dump());
}

HealthRecord readHealthRecord(const std::filesystem::path& runFolder)
{
    HealthRecord record;
    const std::filesystem::path file = runFolder / HealthLog::kFileName;
    if (!std::filesystem::exists(file))
        return record;
    try {
        for (const json& line : readLines(file)) {
            if (line.value("type", std::string()) == "sample") {
                record.samples.push_back(sampleFrom(line));
                continue;
            }
            EpochHealth e = epochFrom(line);
            e.filters = readPngFile(healthPicture(runFolder, "filters", e.epoch));
            e.featureMaps = readPngFile(healthPicture(runFolder, "features", e.epoch));
            record.epochs.push_back(std::move(e));
        }
    } catch (const json::exception& e) {
        throw Error(ErrorCode::InvalidData, plainJsonMessage(e), {file.string()});
    }
    return record;
}

} // namespace cnnwb::engine
