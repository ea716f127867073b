#include "records/tensorboard_writer.h"

#include "records/rgb_png.h"

#include "cnnwb/engine/core/error.h"

#include <unistd.h>

#include <array>
#include <bit>
#include <chrono>
#include <cstring>

namespace cnnwb::engine {
namespace {

// ---- protocol buffer encoding: just the wire types the messages use ---------------------------

enum Wire : std::uint32_t { Varint = 0, Fixed64 = 1, Bytes = 2, Fixed32 = 5 };

class Message {
public:
    Message& varint(int field, std::uint64_t v)
    {
        key(field, Varint);
        raw(v);
        return *this;
    }
    Message& fixed64(int field, double v)
    {
        key(field, Fixed64);
        little(std::bit_cast<std::uint64_t>(v), 8);
        return *this;
    }
    Message& fixed32(int field, float v)
    {
        key(field, Fixed32);
        little(std::bit_cast<std::uint32_t>(v), 4);
        return *this;
    }
    Message& bytes(int field, std::string_view v)
    {
        key(field, Bytes);
        raw(v.size());
        m_data.append(v);
        return *this;
    }
    Message& message(int field, const Message& m) { return bytes(field, m.m_data); }
    Message& packedDoubles(int field, const std::vector<double>& values)
    {
        Message packed;
        for (const double v : values)
            packed.little(std::bit_cast<std::uint64_t>(v), 8);
        return bytes(field, packed.m_data);
    }
    [[nodiscard]] const std::string& data() const noexcept { return m_data; }

private:
    void key(int field, Wire wire) { raw((static_cast<std::uint64_t>(field) << 3) | wire); }
    void raw(std::uint64_t v)
    {
        while (v >= 0x80) {
            m_data.push_back(static_cast<char>((v & 0x7F) | 0x80));
            v >>= 7;
        }
        m_data.push_back(static_cast<char>(v));
    }
    void little(std::uint64_t v, int bytes)
    {
        for (int i = 0; i < bytes; ++i)
            m_data.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
    }
    std::string m_data;
};

// Field numbers of tensorboard/compat/proto (event.proto, summary.proto, histogram.proto) and of
// tensorboard/plugins/hparams (plugin_data.proto, api.proto).
namespace event {
constexpr int kWallTime = 1, kStep = 2, kFileVersion = 3, kSummary = 5, kSessionLog = 7;
}
namespace session {
constexpr int kStatus = 1, kStart = 1;
}
namespace summary {
constexpr int kValue = 1;
}
namespace value {
constexpr int kTag = 1, kSimpleValue = 2, kImage = 4, kHisto = 5, kTensor = 8, kMetadata = 9;
}
namespace tensor {
constexpr int kDtype = 1, kShape = 2, kFloatValues = 5, kFloat = 1;
}
namespace image {
constexpr int kHeight = 1, kWidth = 2, kColorspace = 3, kEncoded = 4;
}
namespace histo {
constexpr int kMin = 1, kMax = 2, kNum = 3, kSum = 4, kSumSquares = 5, kLimits = 6, kBuckets = 7;
}
namespace metadata {
constexpr int kPluginData = 1, kPluginName = 1, kContent = 2;
}
namespace hparams {
constexpr int kVersion = 1, kExperiment = 2, kStartInfo = 3, kEndInfo = 4;
constexpr int kStartHparams = 1, kStartTime = 5, kEndStatus = 1, kEndTime = 2;
constexpr int kExperimentHparamInfos = 4, kExperimentMetricInfos = 5, kInfoName = 1, kInfoType = 4;
constexpr int kMetricName = 1, kMetricTag = 2;
constexpr int kNumber = 2, kString = 3, kBool = 4; // google.protobuf.Value
constexpr int kTypeString = 1, kTypeBool = 2, kTypeFloat = 3;
constexpr int kStatusSuccess = 1, kStatusFailure = 2;
} // namespace hparams

double now()
{
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::uint32_t masked(std::uint32_t crc)
{
    return ((crc >> 15) | (crc << 17)) + 0xa282ead8U;
}

Message hparamsValue(const std::string& tag, const Message& pluginData)
{
    Message plugin;
    plugin.bytes(metadata::kPluginName, "hparams").bytes(metadata::kContent, pluginData.data());
    Message meta;
    meta.message(metadata::kPluginData, plugin);
    // TensorBoard's data provider lists a plugin's summaries only when they hold a tensor: the
    // HParams plugin's own writer puts a scalar 0 there, so this does too.
    Message zero;
    zero.varint(tensor::kDtype, tensor::kFloat).bytes(tensor::kShape, "").fixed32(tensor::kFloatValues, 0.0F);
    Message v;
    v.bytes(value::kTag, tag).message(value::kMetadata, meta).message(value::kTensor, zero);
    return v;
}

} // namespace

std::uint32_t crc32c(const void* data, std::size_t size) noexcept
{
    static const std::array<std::uint32_t, 256> table = [] {
        std::array<std::uint32_t, 256> t{};
        for (std::uint32_t i = 0; i < 256; ++i) {
            std::uint32_t c = i;
            for (int k = 0; k < 8; ++k)
                c = (c & 1U) != 0 ? 0x82F63B78U ^ (c >> 1) : c >> 1;
            t[i] = c;
        }
        return t;
    }();
    std::uint32_t crc = 0xFFFFFFFFU;
    const auto* bytes = static_cast<const std::uint8_t*>(data);
    for (std::size_t i = 0; i < size; ++i)
        crc = table[(crc ^ bytes[i]) & 0xFFU] ^ (crc >> 8);
    return crc ^ 0xFFFFFFFFU;
}

TensorBoardWriter::TensorBoardWriter(const std::filesystem::path& folder)
{
    std::error_code error;
    std::filesystem::create_directories(folder, error);
    char host[256] = "localhost";
    gethostname(host, sizeof host - 1);
    m_path = folder
        / ("events.out.tfevents." + std::to_string(static_cast<std::int64_t>(now())) + "." + host + "."
            + std::to_string(getpid()) + ".cnnwb");
    m_file.open(m_path, std::ios::binary | std::ios::app);
    if (!m_file)
        throw Error(ErrorCode::Io, "cannot write TensorBoard files", {m_path.string()});
    Message e;
    e.fixed64(event::kWallTime, now()).bytes(event::kFileVersion, "brain.Event:2");
    writeEvent(e.data());
}

void TensorBoardWriter::writeEvent(const std::string& event)
{
    std::array<char, 8> length{};
    const std::uint64_t n = event.size();
    for (int i = 0; i < 8; ++i)
        length[static_cast<std::size_t>(i)] = static_cast<char>((n >> (8 * i)) & 0xFF);
    const auto put32 = [this](std::uint32_t v) {
        for (int i = 0; i < 4; ++i)
            m_file.put(static_cast<char>((v >> (8 * i)) & 0xFF));
    };
    m_file.write(length.data(), length.size());
    put32(masked(crc32c(length.data(), length.size())));
    m_file.write(event.data(), static_cast<std::streamsize>(event.size()));
    put32(masked(crc32c(event.data(), event.size())));
    m_file.flush();
}

void TensorBoardWriter::writeSummary(std::int64_t step, const std::string& value)
{
    Message s;
    s.bytes(summary::kValue, value);
    Message e;
    e.fixed64(event::kWallTime, now())
        .varint(event::kStep, static_cast<std::uint64_t>(step))
        .message(event::kSummary, s);
    writeEvent(e.data());
}

void TensorBoardWriter::scalar(const std::string& tag, std::int64_t step, double v)
{
    Message m;
    m.bytes(value::kTag, tag).fixed32(value::kSimpleValue, static_cast<float>(v));
    writeSummary(step, m.data());
}

void TensorBoardWriter::histogram(const std::string& tag, std::int64_t step, const Histogram& h)
{
    if (h.count == 0 || h.bins.empty())
        return;
    std::vector<double> limits;
    const double width = (h.max - h.min) / static_cast<double>(h.bins.size());
    for (std::size_t i = 0; i < h.bins.size(); ++i)
        limits.push_back(i + 1 == h.bins.size() ? h.max : h.min + width * static_cast<double>(i + 1));
    Message histo;
    histo.fixed64(histo::kMin, h.min)
        .fixed64(histo::kMax, h.max)
        .fixed64(histo::kNum, static_cast<double>(h.count))
        .fixed64(histo::kSum, h.sum)
        .fixed64(histo::kSumSquares, h.sumSquares)
        .packedDoubles(histo::kLimits, limits)
        .packedDoubles(histo::kBuckets, h.bins);
    Message m;
    m.bytes(value::kTag, tag).message(value::kHisto, histo);
    writeSummary(step, m.data());
}

void TensorBoardWriter::image(const std::string& tag, std::int64_t step, const RgbImage& picture)
{
    if (picture.pixels.empty())
        return;
    const std::string png = encodePng(picture);
    if (png.empty())
        return;
    Message img;
    img.varint(image::kHeight, static_cast<std::uint64_t>(picture.height))
        .varint(image::kWidth, static_cast<std::uint64_t>(picture.width))
        .varint(image::kColorspace, 3)
        .bytes(image::kEncoded, png);
    Message m;
    m.bytes(value::kTag, tag).message(value::kImage, img);
    writeSummary(step, m.data());
}

void TensorBoardWriter::hparams(const std::vector<Hparam>& settings, const std::vector<std::string>& metricTags)
{
    Message experiment;
    Message start;
    for (const Hparam& h : settings) {
        Message v;
        int type = hparams::kTypeFloat;
        if (const auto* d = std::get_if<double>(&h.value))
            v.fixed64(hparams::kNumber, *d);
        else if (const auto* s = std::get_if<std::string>(&h.value)) {
            v.bytes(hparams::kString, *s);
            type = hparams::kTypeString;
        } else {
            v.varint(hparams::kBool, std::get<bool>(h.value) ? 1 : 0);
            type = hparams::kTypeBool;
        }
        Message entry; // a map<string, Value> entry: key 1, value 2
        entry.bytes(1, h.name).message(2, v);
        start.message(hparams::kStartHparams, entry);
        Message info;
        info.bytes(hparams::kInfoName, h.name).varint(hparams::kInfoType, static_cast<std::uint64_t>(type));
        experiment.message(hparams::kExperimentHparamInfos, info);
    }
    for (const std::string& tag : metricTags) {
        Message name;
        name.bytes(hparams::kMetricTag, tag);
        Message info;
        info.message(hparams::kMetricName, name);
        experiment.message(hparams::kExperimentMetricInfos, info);
    }
    start.fixed64(hparams::kStartTime, now());
    Message experimentData;
    experimentData.varint(hparams::kVersion, 0).message(hparams::kExperiment, experiment);
    writeSummary(0, hparamsValue("_hparams_/experiment", experimentData).data());
    Message startData;
    startData.varint(hparams::kVersion, 0).message(hparams::kStartInfo, start);
    writeSummary(0, hparamsValue("_hparams_/session_start_info", startData).data());
}

void TensorBoardWriter::endSession(bool success)
{
    Message end;
    end.varint(hparams::kEndStatus, success ? hparams::kStatusSuccess : hparams::kStatusFailure)
        .fixed64(hparams::kEndTime, now());
    Message endData;
    endData.varint(hparams::kVersion, 0).message(hparams::kEndInfo, end);
    writeSummary(0, hparamsValue("_hparams_/session_end_info", endData).data());
}

void TensorBoardWriter::restartAt(std::int64_t step)
{
    Message log;
    log.varint(session::kStatus, session::kStart);
    Message e;
    e.fixed64(event::kWallTime, now())
        .varint(event::kStep, static_cast<std::uint64_t>(step))
        .message(event::kSessionLog, log);
    writeEvent(e.data());
}

} // namespace cnnwb::engine
