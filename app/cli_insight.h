#pragma once

#include <string>
#include <vector>

namespace cnnwb::app {

/// `cnnwb evaluate`: accuracy, per-class metrics and the confusion matrix of a checkpoint on a split.
struct EvaluateCommand {
    std::string checkpoint;
    std::string dataDir; ///< default: the checkpoint's data folder
    std::string split = "test";
    std::string device = "auto";
    bool json = false;
};
int runEvaluate(const EvaluateCommand& command);

/// `cnnwb predict`: the top classes of each image, with probabilities.
struct PredictCommand {
    std::string checkpoint;
    std::vector<std::string> images;
    int top = 5;
    std::string device = "auto";
    bool json = false;
};
int runPredict(const PredictCommand& command);

} // namespace cnnwb::app
