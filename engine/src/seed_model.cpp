#include "seed_model.h"

#include "cnnwb/engine/error.h"

#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/pooling.h>

namespace cnnwb::engine {

torch::nn::Sequential buildSeedCnn(const ImageShape& input, int classCount)
{
    constexpr int kFeatures = 32;
    if (input.height < 2 || input.width < 2)
        throw Error(
            ErrorCode::InvalidArgument, "MaxPool2d(2) needs an input of at least 2x2", {{}, {}, 2, input.toString()});
    if (classCount < 2)
        throw Error(ErrorCode::InvalidArgument, "a classifier needs at least two classes");
    const std::int64_t flat = std::int64_t {kFeatures} * (input.height / 2) * (input.width / 2);
    return torch::nn::Sequential(
        torch::nn::Conv2d(torch::nn::Conv2dOptions(input.channels, kFeatures, 3).stride(1).padding(1)),
        torch::nn::ReLU(), torch::nn::MaxPool2d(torch::nn::MaxPool2dOptions(2)), torch::nn::Flatten(),
        torch::nn::Linear(flat, classCount));
}

} // namespace cnnwb::engine
