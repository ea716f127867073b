#pragma once

#include "cnnwb/engine/insight/layer_health.h"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <variant>
#include <vector>

namespace cnnwb::engine {

/// Writes TensorBoard's event files without TensorFlow: TFRecord framing (length, masked CRC-32C,
/// data, masked CRC-32C) around Event protocol buffers, encoded here by hand since the few
/// messages needed (Event, Summary, HistogramProto, the HParams plugin's) are stable and small.
/// One file per process run, events.out.tfevents.<seconds>.<host>.<pid>.cnnwb, flushed per event.
class TensorBoardWriter {
public:
    using HparamValue = std::variant<double, std::string, bool>;
    struct Hparam {
        std::string name;
        HparamValue value;
    };

    /// Creates `folder` and the event file; throws Error(Io) naming it when it cannot.
    explicit TensorBoardWriter(const std::filesystem::path& folder);

    void scalar(const std::string& tag, std::int64_t step, double value);
    void histogram(const std::string& tag, std::int64_t step, const Histogram& histogram);
    void image(const std::string& tag, std::int64_t step, const RgbImage& image);
    /// The HParams dashboard's three records: the experiment (which settings and metrics there
    /// are), this session's settings, and later its end (`success` or not).
    void hparams(const std::vector<Hparam>& settings, const std::vector<std::string>& metricTags);
    void endSession(bool success);
    /// A SessionLog START at `step`: TensorBoard forgets the folder's events from that step on.
    void restartAt(std::int64_t step);

    [[nodiscard]] const std::filesystem::path& file() const noexcept { return m_path; }

private:
    void writeEvent(const std::string& event);
    void writeSummary(std::int64_t step, const std::string& value);

    std::filesystem::path m_path;
    std::ofstream m_file;
};

/// CRC-32C (Castagnoli), as TFRecord frames use it.
[[nodiscard]] std::uint32_t crc32c(const void* data, std::size_t size) noexcept;

} // namespace cnnwb::engine
