#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace cnnwb::engine {

/// One class's row of a classification report.
struct ClassMetrics {
    std::string name;
    std::int64_t support = 0;   ///< test images of this class (the confusion row's sum)
    std::int64_t predicted = 0; ///< images predicted as this class (the column's sum)
    double precision = 0.0;     ///< right / predicted as this class; 0 when never predicted
    double recall = 0.0;        ///< right / support (the class accuracy); 0 without support
    double f1 = 0.0;
};

/// What evaluation says about a classifier, from its confusion matrix.
struct ClassificationReport {
    int classCount = 0;
    std::int64_t total = 0;
    double accuracy = 0.0;
    double macroPrecision = 0.0; ///< unweighted means over the classes that have support
    double macroRecall = 0.0;
    double macroF1 = 0.0;
    std::vector<ClassMetrics> classes;
    std::vector<std::int64_t> confusion; ///< classes x classes, row = true label, column = predicted
};

/// The report of a classes x classes confusion matrix (row = true, column = predicted). Names may be
/// fewer than the classes (the rest are numbered). Throws Error(InvalidArgument) when the matrix is
/// not classes x classes or holds a negative count.
[[nodiscard]] ClassificationReport classificationReport(
    std::span<const std::int64_t> confusion, int classes, const std::vector<std::string>& names = {});

/// Each row divided by its sum (what fraction of class r was predicted as c); rows without support stay 0.
[[nodiscard]] std::vector<double> rowNormalized(std::span<const std::int64_t> confusion, int classes);

/// The report as JSON (what `cnnwb evaluate --json` prints).
[[nodiscard]] std::string reportToJson(const ClassificationReport& report);

} // namespace cnnwb::engine
