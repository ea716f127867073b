#include "cnnwb/engine/train/lr_finder.h"

#include "augment/batch_normalizer.h"
#include "core/allocator_tuning.h"
#include "core/library_errors.h"
#include "data/dataset_data.h"
#include "data/split_tensors.h"
#include "model/model_builder.h"
#include "train/fine_tuning.h"
#include "train/optimizer_factory.h"
#include "train/training_memory.h"
#include "train/weight_import.h"

#include "cnnwb/engine/core/device_info.h"
#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/core/threads.h"

#include <torch/nn/functional/loss.h>

#include <cmath>
#include <limits>

namespace cnnwb::engine {

void suggestLearningRate(LrFinderResult& result)
{
    const std::vector<LrFinderPoint>& p = result.points;
    result.suggestedRate = 0.0;
    result.minimumLossRate = 0.0;
    if (p.empty())
        return;
    std::size_t best = 0;
    for (std::size_t i = 1; i < p.size(); ++i)
        if (p[i].smoothedLoss < p[best].smoothedLoss)
            best = i;
    result.minimumLossRate = p[best].learningRate;
    // Steepest descent of the smoothed loss against log(rate), over a central difference, up to
    // the minimum; the first few points are skipped (the average is still settling there).
    const std::size_t skip = std::max<std::size_t>(1, p.size() / 20);
    double steepest = 0.0;
    std::size_t at = 0;
    for (std::size_t i = skip; i + 1 <= best && i + 1 < p.size(); ++i) {
        const double dx = std::log(p[i + 1].learningRate) - std::log(p[i - 1].learningRate);
        const double slope = dx > 0.0 ? (p[i + 1].smoothedLoss - p[i - 1].smoothedLoss) / dx : 0.0;
        if (slope < steepest) {
            steepest = slope;
            at = i;
        }
    }
    if (at > 0) {
        result.suggestedRate = p[at].learningRate;
        result.method = "steepest descent";
    } else {
        result.suggestedRate = result.minimumLossRate / 10.0;
        result.method = "minimum / 10";
    }
}

LrFinderResult findLearningRate(const Dataset& dataset, const ModelSpec& spec, const TrainConfig& config,
    const LrFinderOptions& options, const std::function<bool(const LrFinderPoint&)>& progress)
{
    if (!(options.startRate > 0.0 && options.endRate > options.startRate && options.steps >= 2))
        throw Error(ErrorCode::InvalidArgument, "the learning-rate sweep needs 0 < start < end and at least 2 steps");
    if (!(spec.input == dataset.info().shape))
        throw Error(ErrorCode::InvalidArgument, "the model takes other images than this dataset has",
            {dataset.info().root.string(), std::nullopt, std::nullopt,
                spec.input.toString() + " vs " + dataset.info().shape.toString()});
    return withEngineErrors([&] {
        (void)configureThreads(config.threads);
        keepFreedMemoryForReuse();
        const torch::Device device(resolveDevice(config.device, probeDevices()));
        torch::manual_seed(config.seed);
        checkTrainingMemory(analyzeModel(spec), config.batchSize, device.is_cpu());
        torch::nn::Sequential model = buildModel(spec);
        // A fine-tuning run's sweep starts where the run will: from its weights, with its frozen layers.
        std::vector<int> pretrained;
        if (!config.initialWeights.empty())
            pretrained = importWeights(model, spec, config.initialWeights).layers;
        const ParameterGroups groups = freezeLayers(model, spec, pretrained, config.pretrainedLearningRateScale);
        model->to(device);
        trainMode(model, spec);
        const std::unique_ptr<torch::optim::Optimizer> optimizer
            = makeOptimizer(config, groups.groups, groups.learningRateScales);

        const Dataset::Data& data = dataset.data();
        const ImageShape& s = data.info.shape;
        const std::int64_t count = data.train.size();
        const auto [images, labels] = splitTensors(data.train, s, torch::kCPU);
        const BatchNormalizer normalize(config.augmentation.normalize, s.channels, device);
        torch::Tensor order = torch::randperm(count, torch::kInt64);

        LrFinderResult result;
        double average = 0.0;
        double lowest = std::numeric_limits<double>::infinity();
        std::int64_t position = 0;
        const double ratio = options.endRate / options.startRate;
        for (int step = 0; step < options.steps; ++step) {
            const double rate = options.startRate * std::pow(ratio, step / static_cast<double>(options.steps - 1));
            for (std::size_t g = 0; g < optimizer->param_groups().size(); ++g)
                optimizer->param_groups()[g].options().set_lr(rate * groups.learningRateScales.at(g));
            if (position + config.batchSize > count) { // a new pass over the data, reshuffled
                order = torch::randperm(count, torch::kInt64);
                position = 0;
            }
            const torch::Tensor index = order.slice(0, position, std::min(count, position + config.batchSize));
            position += config.batchSize;
            const torch::Tensor x = normalize(images.index_select(0, index));
            const torch::Tensor y = labels.index_select(0, index).to(device);
            optimizer->zero_grad();
            const torch::Tensor loss = torch::nn::functional::cross_entropy(model->forward(x), y);
            loss.backward();
            optimizer->step();

            const double value = loss.item<double>();
            average = options.smoothing * average + (1.0 - options.smoothing) * value;
            const double smoothed = average / (1.0 - std::pow(options.smoothing, step + 1));
            const LrFinderPoint point{rate, value, smoothed};
            result.points.push_back(point);
            if (progress && !progress(point))
                break;
            if (!std::isfinite(smoothed) || (step > 0 && smoothed > options.divergeFactor * lowest)) {
                result.diverged = true;
                break;
            }
            lowest = std::min(lowest, smoothed);
        }
        suggestLearningRate(result);
        return result;
    });
}

} // namespace cnnwb::engine
