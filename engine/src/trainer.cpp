#include "cnnwb/engine/trainer.h"

#include "atomic_file.h"
#include "dataset_data.h"
#include "log_sink.h"
#include "model_builder.h"

#include "cnnwb/engine/device_info.h"
#include "cnnwb/engine/error.h"
#include "cnnwb/engine/model_analysis.h"
#include "cnnwb/engine/threads.h"

#include <c10/util/Exception.h>
#include <torch/nn/functional/loss.h>
#include <torch/optim/adam.h>
#include <torch/serialize.h>
#include <torch/utils.h>

#include <algorithm>
#include <chrono>
#include <numeric>
#include <random>
#include <sstream>

namespace cnnwb::engine {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// The dataset's bytes as a uint8 N x C x H x W tensor. On the CPU this is a view without a copy;
// on a GPU the whole split is uploaded once, so a batch is a gather on the device.
torch::Tensor imagesTensor(const SplitData& split, const ImageShape& shape, const torch::Device& device)
{
    // from_blob wants a mutable pointer; the tensor is only ever read (index_select copies).
    auto* data = const_cast<std::uint8_t*>(split.pixels.data()); // NOLINT(cppcoreguidelines-pro-type-const-cast)
    torch::Tensor images
        = torch::from_blob(data, {split.size(), shape.channels, shape.height, shape.width}, torch::kUInt8);
    return device.is_cpu() ? images : images.to(device);
}

torch::Tensor labelsTensor(const SplitData& split, const torch::Device& device)
{
    auto* data = const_cast<std::int64_t*>(split.labels.data()); // NOLINT(cppcoreguidelines-pro-type-const-cast)
    torch::Tensor labels = torch::from_blob(data, {split.size()}, torch::kInt64);
    return device.is_cpu() ? labels : labels.to(device);
}

// Normalize((0.5,), (0.5,)) after ToTensor(): x/255 scaled to [-1, 1].
torch::Tensor normalize(const torch::Tensor& batch)
{
    return batch.to(torch::kFloat32).div_(127.5).sub_(1.0);
}

struct Evaluation {
    double loss = 0.0;
    double accuracy = 0.0;
};

Evaluation evaluate(
    torch::nn::Sequential& model, const torch::Tensor& images, const torch::Tensor& labels, int batchSize)
{
    const torch::NoGradGuard noGrad; // grad mode is per thread: set where evaluation runs
    model->eval();
    const std::int64_t count = images.size(0);
    torch::Tensor lossSum = torch::zeros({}, torch::TensorOptions().dtype(torch::kFloat64).device(images.device()));
    torch::Tensor correct = torch::zeros({}, torch::TensorOptions().dtype(torch::kInt64).device(images.device()));
    for (std::int64_t begin = 0; begin < count; begin += batchSize) {
        const std::int64_t end = std::min(count, begin + batchSize);
        const torch::Tensor logits = model->forward(normalize(images.slice(0, begin, end)));
        const torch::Tensor target = labels.slice(0, begin, end);
        lossSum += torch::nn::functional::cross_entropy(
            logits, target, torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum))
                       .to(torch::kFloat64);
        correct += logits.argmax(1).eq(target).sum();
    }
    model->train();
    return {lossSum.item<double>() / static_cast<double>(count),
        static_cast<double>(correct.item<std::int64_t>()) / static_cast<double>(count)};
}

void saveWeights(torch::nn::Sequential& model, const std::filesystem::path& path)
{
    // A pickled dict of name -> tensor is what Python's torch.load() reads and
    // nn.Sequential.load_state_dict() takes; the names are nn.Sequential's ("0.weight", ...).
    c10::Dict<std::string, at::Tensor> state;
    for (const auto& item : model->named_parameters())
        state.insert(item.key(), item.value().detach().to(torch::kCPU).contiguous());
    for (const auto& item : model->named_buffers())
        state.insert(item.key(), item.value().detach().to(torch::kCPU).contiguous());
    const std::vector<char> bytes = torch::pickle_save(state);
    writeFileAtomically(path, std::string_view(bytes.data(), bytes.size()));
}

void saveMetrics(const std::vector<EpochMetrics>& epochs, const std::filesystem::path& path)
{
    std::ostringstream csv;
    csv << "epoch,train_loss,train_accuracy,test_loss,test_accuracy,images_per_second,seconds\n";
    csv.precision(6);
    for (const EpochMetrics& e : epochs)
        csv << e.epoch << ',' << e.trainLoss << ',' << e.trainAccuracy << ',' << e.testLoss << ',' << e.testAccuracy
            << ',' << e.imagesPerSecond << ',' << e.seconds << '\n';
    writeFileAtomically(path, csv.str());
}

std::int64_t parameterCount(torch::nn::Sequential& model)
{
    std::int64_t total = 0;
    for (const auto& p : model->parameters())
        total += p.numel();
    return total;
}

class Run {
public:
    Run(const TrainConfig& config, ModelSpec spec, const Dataset::Data& data, TrainingObserver* observer)
        : m_config(config)
        , m_spec(std::move(spec))
        , m_data(data)
        , m_observer(observer)
    {
    }

    RunResult execute()
    {
        const int threads = configureThreads(m_config.threads);
        const DeviceInfo devices = probeDevices();
        const torch::Device device(resolveDevice(m_config.device, devices));
        torch::manual_seed(m_config.seed);

        checkModelFitsData();
        auto model = buildModel(m_spec);
        model->to(device);
        torch::optim::Adam optimizer(model->parameters(), torch::optim::AdamOptions(m_config.learningRate));

        const torch::Tensor trainImages = imagesTensor(m_data.train, m_data.info.shape, device);
        const torch::Tensor trainLabels = labelsTensor(m_data.train, device);
        const torch::Tensor testImages = imagesTensor(m_data.test, m_data.info.shape, device);
        const torch::Tensor testLabels = labelsTensor(m_data.test, device);

        const std::int64_t trainCount = m_data.train.size();
        const int batchSize = m_config.batchSize;
        const auto batchesPerEpoch = static_cast<int>((trainCount + batchSize - 1) / batchSize);

        RunInfo info;
        info.device = device.str();
        info.deviceName = device.is_cpu()
            ? "CPU (" + std::to_string(threads) + " threads)"
            : (devices.gpuNames.empty() ? info.device : devices.gpuNames.at(device.index()));
        info.parameterCount = parameterCount(model);
        info.trainCount = trainCount;
        info.testCount = m_data.test.size();
        info.batchesPerEpoch = batchesPerEpoch;
        info.epochs = m_config.epochs;
        logInfo(formatText("training on %s with %lld parameters, %d batches of %d per epoch", info.deviceName.c_str(),
            static_cast<long long>(info.parameterCount), batchesPerEpoch, batchSize));
        if (m_observer)
            m_observer->onRunStarted(info);

        RunResult result;
        if (!m_config.outDir.empty()) {
            std::error_code ec;
            std::filesystem::create_directories(m_config.outDir, ec);
            if (ec)
                throw Error(ErrorCode::Io, "cannot create output folder: " + ec.message(), {m_config.outDir.string()});
            result.weightsPath = m_config.outDir / "model.pth";
            result.metricsPath = m_config.outDir / "metrics.csv";
        }

        // Shuffling uses its own seeded engine so the order depends on the seed alone, not on
        // how many random numbers LibTorch drew for initialisation.
        std::mt19937_64 shuffleEngine(m_config.seed);
        std::vector<std::int64_t> order(static_cast<std::size_t>(trainCount));
        model->train();

        for (int epoch = 1; epoch <= m_config.epochs && !result.stopped; ++epoch) {
            const auto epochStart = Clock::now();
            std::iota(order.begin(), order.end(), 0);
            std::shuffle(order.begin(), order.end(), shuffleEngine);
            const torch::Tensor permutation = torch::from_blob(order.data(), {trainCount}, torch::kInt64).to(device);

            torch::Tensor lossSum = torch::zeros({}, torch::TensorOptions().dtype(torch::kFloat64).device(device));
            torch::Tensor correct = torch::zeros({}, torch::TensorOptions().dtype(torch::kInt64).device(device));
            std::int64_t seen = 0;
            for (int batch = 0; batch < batchesPerEpoch; ++batch) {
                if (m_observer && m_observer->stopRequested()) {
                    result.stopped = true;
                    break;
                }
                const std::int64_t begin = std::int64_t {batch} * batchSize;
                const std::int64_t end = std::min(trainCount, begin + batchSize);
                const torch::Tensor index = permutation.slice(0, begin, end);
                const torch::Tensor inputs = normalize(trainImages.index_select(0, index));
                const torch::Tensor targets = trainLabels.index_select(0, index);

                optimizer.zero_grad();
                const torch::Tensor logits = model->forward(inputs);
                const torch::Tensor loss = torch::nn::functional::cross_entropy(logits, targets);
                loss.backward();
                optimizer.step();

                const torch::NoGradGuard noGrad;
                const std::int64_t n = end - begin;
                seen += n;
                lossSum += loss.detach().to(torch::kFloat64) * static_cast<double>(n);
                correct += logits.argmax(1).eq(targets).sum();
                if (m_observer) {
                    BatchMetrics metrics;
                    metrics.epoch = epoch;
                    metrics.batch = batch + 1;
                    metrics.batchesPerEpoch = batchesPerEpoch;
                    metrics.loss = loss.item<double>();
                    metrics.learningRate = m_config.learningRate;
                    metrics.imagesPerSecond = static_cast<double>(seen) / secondsSince(epochStart);
                    m_observer->onBatch(metrics);
                }
            }
            if (seen == 0)
                break; // stopped before the first batch of this epoch: nothing to report
            const double trainSeconds = secondsSince(epochStart);
            const Evaluation test = evaluate(model, testImages, testLabels, m_config.evalBatchSize);

            EpochMetrics metrics;
            metrics.epoch = epoch;
            metrics.trainLoss = lossSum.item<double>() / static_cast<double>(seen);
            metrics.trainAccuracy = static_cast<double>(correct.item<std::int64_t>()) / static_cast<double>(seen);
            metrics.testLoss = test.loss;
            metrics.testAccuracy = test.accuracy;
            metrics.imagesPerSecond = static_cast<double>(seen) / trainSeconds;
            metrics.seconds = secondsSince(epochStart);
            result.epochs.push_back(metrics);
            logInfo(formatText("epoch %d: train loss %.4f, test accuracy %.2f %%, %.0f img/s, %.1f s", epoch,
                metrics.trainLoss, 100.0 * metrics.testAccuracy, metrics.imagesPerSecond, metrics.seconds));
            if (!result.metricsPath.empty())
                saveMetrics(result.epochs, result.metricsPath);
            if (m_observer)
                m_observer->onEpoch(metrics);
        }
        if (!result.weightsPath.empty())
            saveWeights(model, result.weightsPath);
        return result;
    }

private:
    void checkModelFitsData() const
    {
        if (!(m_spec.input == m_data.info.shape))
            throw Error(ErrorCode::InvalidArgument,
                "the model takes " + m_spec.input.toString() + " images but the dataset's are "
                    + m_data.info.shape.toString(),
                {m_data.info.root.string(), std::nullopt, std::nullopt,
                    m_spec.input.toString() + " vs " + m_data.info.shape.toString()});
        const ModelAnalysis analysis = analyzeModel(m_spec, static_cast<int>(m_data.info.classNames.size()));
        if (!analysis.valid())
            throw Error(ErrorCode::InvalidArgument, analysis.problems.front().message,
                {{}, std::nullopt,
                    analysis.problems.front().layerIndex >= 0 ? std::optional<int>(analysis.problems.front().layerIndex)
                                                              : std::nullopt});
    }

    const TrainConfig& m_config;
    ModelSpec m_spec;
    const Dataset::Data& m_data;
    TrainingObserver* m_observer;
};

} // namespace

Trainer::Trainer(TrainConfig config, std::optional<ModelSpec> model)
    : m_config(std::move(config))
    , m_model(std::move(model))
{
}

RunResult Trainer::run(const Dataset& dataset, TrainingObserver* observer)
{
    validate(m_config);
    try {
        ModelSpec spec = m_model
            ? *m_model
            : seedModelSpec(dataset.info().shape, static_cast<int>(dataset.info().classNames.size()));
        return Run(m_config, std::move(spec), dataset.data(), observer).execute();
    } catch (const Error&) {
        throw;
    } catch (const c10::OutOfMemoryError& e) {
        throw Error(ErrorCode::Device,
            std::string("out of GPU memory; try a smaller batch size (now ") + std::to_string(m_config.batchSize)
                + "). " + e.what_without_backtrace());
    } catch (const c10::Error& e) {
        throw Error(ErrorCode::Backend, std::string("LibTorch: ") + e.what_without_backtrace());
    } catch (const std::exception& e) {
        // Nothing else may cross the engine's edge: front ends catch exactly engine::Error.
        throw Error(ErrorCode::Backend, e.what());
    }
}

} // namespace cnnwb::engine
