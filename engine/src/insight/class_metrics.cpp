#include "cnnwb/engine/insight/class_metrics.h"

#include "cnnwb/engine/core/error.h"

#include <nlohmann/json.hpp>

namespace cnnwb::engine {

ClassificationReport classificationReport(
    std::span<const std::int64_t> confusion, int classes, const std::vector<std::string>& names)
{
    if (classes < 1 || confusion.size() != static_cast<std::size_t>(classes) * static_cast<std::size_t>(classes))
        throw Error(ErrorCode::InvalidArgument,
            "confusion matrix has " + std::to_string(confusion.size()) + " cells, not " + std::to_string(classes)
                + " x " + std::to_string(classes));
    ClassificationReport report;
    report.classCount = classes;
    report.confusion.assign(confusion.begin(), confusion.end());
    const auto at = [&](int r, int c) { return confusion[static_cast<std::size_t>(r * classes + c)]; };
    std::int64_t right = 0;
    for (int r = 0; r < classes; ++r)
        for (int c = 0; c < classes; ++c) {
            if (at(r, c) < 0)
                throw Error(ErrorCode::InvalidArgument, "confusion matrix holds a negative count");
            report.total += at(r, c);
            right += r == c ? at(r, c) : 0;
        }
    report.accuracy = report.total > 0 ? static_cast<double>(right) / static_cast<double>(report.total) : 0.0;
    int withSupport = 0;
    for (int k = 0; k < classes; ++k) {
        ClassMetrics m;
        m.name = static_cast<std::size_t>(k) < names.size() ? names[static_cast<std::size_t>(k)] : std::to_string(k);
        for (int j = 0; j < classes; ++j) {
            m.support += at(k, j);
            m.predicted += at(j, k);
        }
        const auto hit = static_cast<double>(at(k, k));
        m.precision = m.predicted > 0 ? hit / static_cast<double>(m.predicted) : 0.0;
        m.recall = m.support > 0 ? hit / static_cast<double>(m.support) : 0.0;
        m.f1 = m.precision + m.recall > 0.0 ? 2.0 * m.precision * m.recall / (m.precision + m.recall) : 0.0;
        if (m.support > 0) {
            ++withSupport;
            report.macroPrecision += m.precision;
            report.macroRecall += m.recall;
            report.macroF1 += m.f1;
        }
        report.classes.push_back(std::move(m));
    }
    if (withSupport > 0) {
        report.macroPrecision /= withSupport;
        report.macroRecall /= withSupport;
        report.macroF1 /= withSupport;
    }
    return report;
}

std::vector<double> rowNormalized(std::span<const std::int64_t> confusion, int classes)
{
    std::vector<double> result(confusion.size(), 0.0);
    for (int r = 0; r < classes; ++r) {
        std::int64_t sum = 0;
        for (int c = 0; c < classes; ++c)
            sum += confusion[static_cast<std::size_t>(r * classes + c)];
        if (sum > 0)
            for (int c = 0; c < classes; ++c)
                result[static_cast<std::size_t>(r * classes + c)]
                    = static_cast<double>(confusion[static_cast<std::size_t>(r * classes + c)])
                    / static_cast<double>(sum);
    }
    return result;
}

std::string reportToJson(const ClassificationReport& report)
{
    nlohmann::json classes = nlohmann::json::array();
    for (const ClassMetrics& m : report.classes)
        classes.push_back({{"name", m.name}, {"support", m.support}, {"predicted", m.predicted},
            {"precision", m.precision}, {"recall", m.recall}, {"f1", m.f1}});
    nlohmann::json matrix = nlohmann::json::array();
    for (int r = 0; r < report.classCount; ++r)
        matrix.push_back(
            std::vector<std::int64_t>(report.confusion.begin() + static_cast<std::ptrdiff_t>(r) * report.classCount,
                report.confusion.begin() + static_cast<std::ptrdiff_t>(r + 1) * report.classCount));
    const nlohmann::json j = {{"total", report.total}, {"accuracy", report.accuracy},
        {"macro_precision", report.macroPrecision}, {"macro_recall", report.macroRecall}, {"macro_f1", report.macroF1},
        {"classes", classes}, {"confusion", matrix}};
    return j.dump(2);
}

} // namespace cnnwb::engine
