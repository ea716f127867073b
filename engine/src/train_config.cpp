#include "cnnwb/engine/train_config.h"

#include "cnnwb/engine/error.h"

#include <cmath>

namespace cnnwb::engine {

void validate(const TrainConfig& config)
{
    auto reject = [](const std::string& message) { throw Error(ErrorCode::InvalidArgument, message); };
    if (config.epochs < 1 || config.epochs > 100000)
        reject("epochs must be between 1 and 100000, not " + std::to_string(config.epochs));
    if (config.batchSize < 1 || config.batchSize > 65536)
        reject("batch size must be between 1 and 65536, not " + std::to_string(config.batchSize));
    if (!std::isfinite(config.learningRate) || config.learningRate <= 0.0 || config.learningRate > 10.0)
        reject("learning rate must be a number above 0 and at most 10, not " + std::to_string(config.learningRate));
    if (config.threads < 0 || config.threads > 1024)
        reject("threads must be between 0 (one per core) and 1024, not " + std::to_string(config.threads));
    if (config.evalBatchSize < 1)
        reject("evaluation batch size must be at least 1");
}

} // namespace cnnwb::engine
