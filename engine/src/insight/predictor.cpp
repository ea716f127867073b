#include "cnnwb/engine/insight/predictor.h"

#include "augment/batch_normalizer.h"
#include "core/library_errors.h"
#include "core/memory_budget.h"
#include "data/image_decode.h"
#include "data/split_tensors.h"
#include "model/model_builder.h"
#include "train/evaluator.h"

#include "cnnwb/engine/core/device_info.h"
#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/model/model_analysis.h"
#include "cnnwb/engine/train/checkpoint.h"

#include <torch/nn/functional/activation.h>
#include <torch/nn/functional/loss.h>
#include <torch/nn/functional/upsampling.h>

#include <algorithm>
#include <map>
#include <numeric>

namespace cnnwb::engine {

struct Predictor::Impl {
    ModelSpec spec;
    std::vector<std::string> classNames;
    torch::Device device{torch::kCPU};
    mutable torch::nn::Sequential model{nullptr};
    std::optional<BatchNormalizer> normalizer;
    ResizePolicy resize = ResizePolicy::CenterCrop;

    // Planar uint8 images -> the normalized float batch the model was trained on.
    [[nodiscard]] torch::Tensor input(const std::uint8_t* images, std::int64_t count) const
    {
        return (*normalizer)(imageView(images, count, spec.input));
    }

    // Runs the layers one by one, handing each output to `visit(index, output)`.
    template <typename Visit> torch::Tensor forward(torch::Tensor x, Visit&& visit) const
    {
        int index = 0;
        for (auto& layer : *model.ptr()) {
            x = layer.forward(x);
            visit(index++, x);
        }
        return x;
    }

    void checkLayer(int layerIndex) const
    {
        if (layerIndex < 0 || static_cast<std::size_t>(layerIndex) >= spec.layers.size())
            throw Error(ErrorCode::InvalidArgument,
                "no layer " + std::to_string(layerIndex) + " (the model has " + std::to_string(spec.layers.size())
                    + ")",
                {{}, std::nullopt, layerIndex});
    }
};

namespace {

FloatImage toImage(const torch::Tensor& map)
{
    const torch::Tensor t = map.to(torch::kCPU, torch::kFloat32).contiguous();
    FloatImage image{static_cast<int>(t.size(1)), static_cast<int>(t.size(0)), {}};
    image.values.assign(t.data_ptr<float>(), t.data_ptr<float>() + t.numel());
    return image;
}

} // namespace

Predictor::Predictor(const ModelSpec& spec, const std::vector<NamedArray>& weights, std::vector<std::string> classNames,
    Normalization normalization, const std::string& device)
    : m_impl(std::make_unique<Impl>())
{
    m_impl->spec = spec;
    m_impl->classNames = std::move(classNames);
    withEngineErrors([&] {
        const DeviceInfo devices = probeDevices();
        m_impl->device = torch::Device(resolveDevice(device, devices));
        // The weights given and the model built: a spec can claim far more than its file holds.
        checkMemoryBudget(
            analyzeModel(spec).parameters * 4 * 2, "storing this model's weights", ErrorCode::InvalidArgument);
        m_impl->model = buildModel(spec);
        std::map<std::string, const NamedArray*> byName;
        for (const NamedArray& a : weights)
            byName[a.name] = &a;
        const torch::NoGradGuard noGrad;
        const auto load = [&](const std::string& name, torch::Tensor& target) {
            const auto it = byName.find(name);
            if (it == byName.end())
                throw Error(ErrorCode::InvalidArgument, "the weights lack " + name);
            const NamedArray& a = *it->second;
            auto* data = const_cast<float*>(a.values.data()); // NOLINT(cppcoreguidelines-pro-type-const-cast)
            const torch::Tensor source = torch::from_blob(data, a.shape, torch::kFloat32);
            if (source.sizes() != target.sizes())
                throw Error(ErrorCode::InvalidArgument,
                    name + ": weights " + a.shapeText() + ", model " + c10::str(target.sizes()));
            target.copy_(source);
        };
        for (auto& item : m_impl->model->named_parameters())
            load(item.key(), item.value());
        for (auto& item : m_impl->model->named_buffers())
            load(item.key(), item.value());
        m_impl->model->to(m_impl->device);
        m_impl->model->eval();
        m_impl->normalizer.emplace(normalization, spec.input.channels, m_impl->device);
        return 0;
    });
}

Predictor Predictor::fromCheckpoint(const Checkpoint& checkpoint, const std::string& device)
{
    const CheckpointInfo& info = checkpoint.info();
    Predictor predictor{info.experiment.model, checkpoint.weights(), info.dataset.classNames,
        info.experiment.training.augmentation.normalize, device};
    predictor.setResizePolicy(info.experiment.data.resize);
    return predictor;
}

void Predictor::setResizePolicy(ResizePolicy policy) noexcept
{
    m_impl->resize = policy;
}

Predictor::~Predictor() = default;
Predictor::Predictor(Predictor&&) noexcept = default;
Predictor& Predictor::operator=(Predictor&&) noexcept = default;

const ModelSpec& Predictor::spec() const noexcept
{
    return m_impl->spec;
}

const std::vector<std::string>& Predictor::classNames() const noexcept
{
    return m_impl->classNames;
}

std::vector<double> Predictor::probabilities(const std::uint8_t* image) const
{
    return withEngineErrors([&] {
        const torch::NoGradGuard noGrad;
        const torch::Tensor p
            = torch::softmax(m_impl->model->forward(m_impl->input(image, 1)), 1).to(torch::kCPU, torch::kFloat64);
        return std::vector<double>(p.data_ptr<double>(), p.data_ptr<double>() + p.numel());
    });
}

std::vector<ClassScore> Predictor::top(const std::uint8_t* image, int k) const
{
    const std::vector<double> p = probabilities(image);
    std::vector<int> order(p.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
        [&](int a, int b) { return p[static_cast<std::size_t>(a)] > p[static_cast<std::size_t>(b)]; });
    std::vector<ClassScore> scores;
    for (int i = 0; i < std::min<int>(k, static_cast<int>(order.size())); ++i) {
        const int label = order[static_cast<std::size_t>(i)];
        const auto l = static_cast<std::size_t>(label);
        scores.push_back({label, l < m_impl->classNames.size() ? m_impl->classNames[l] : std::to_string(label), p[l]});
    }
    return scores;
}

std::vector<std::uint8_t> Predictor::loadImage(const std::filesystem::path& file) const
{
    const ImageShape& s = m_impl->spec.input;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) // a plainer sentence than the reader's "cannot open"
        throw Error(ErrorCode::Io, "no such image file", {file.string()});
    std::vector<std::uint8_t> planar(static_cast<std::size_t>(s.elementCount()));
    (void)decodePlanar(file, s, m_impl->resize, planar.data());
    return planar;
}

Predictor::Evaluation Predictor::evaluate(const Dataset& dataset, Split split, int batchSize) const
{
    if (!(dataset.info().shape == m_impl->spec.input))
        throw Error(ErrorCode::InvalidArgument, "the model takes other images than this dataset has",
            {dataset.info().root.string(), std::nullopt, std::nullopt,
                m_impl->spec.input.toString() + " vs " + dataset.info().shape.toString()});
    return withEngineErrors([&] {
        const auto classes = static_cast<int>(std::max(m_impl->classNames.size(), std::size_t{1}));
        const std::int64_t count = dataset.size(split);
        const SplitTensors tensors{dataset.info().streamed
                ? torch::Tensor()
                : imageView(dataset.pixels(split).data(), count, m_impl->spec.input),
            labelView(dataset.labels(split).data(), count)};
        EvaluationResult pass = Evaluator(m_impl->model, *m_impl->normalizer, classes)
                                    .keepPredictions(true)
                                    .run(dataset, split, tensors, batchSize);
        Evaluation result;
        result.loss = pass.loss;
        result.samples = std::move(pass.predictions);
        result.report = classificationReport(pass.confusion, classes, m_impl->classNames);
        return result;
    });
}

std::vector<FloatImage> Predictor::featureMaps(const std::uint8_t* image, int layerIndex) const
{
    m_impl->checkLayer(layerIndex);
    return withEngineErrors([&] {
        const torch::NoGradGuard noGrad;
        torch::Tensor output;
        (void)m_impl->forward(m_impl->input(image, 1), [&](int index, const torch::Tensor& x) {
            if (index == layerIndex)
                output = x;
        });
        std::vector<FloatImage> maps;
        if (output.dim() == 4) {
            for (std::int64_t c = 0; c < output.size(1); ++c)
                maps.push_back(toImage(output[0][c]));
        } else { // a vector (after Flatten or Linear): one row
            maps.push_back(toImage(output.reshape({1, -1})));
        }
        return maps;
    });
}

std::vector<NamedArray> Predictor::firstConvFilters() const
{
    for (const auto& item : m_impl->model->named_parameters()) {
        const torch::Tensor& t = item.value();
        if (t.dim() == 4 && item.key().ends_with(".weight")) {
            const torch::Tensor w = t.detach().to(torch::kCPU, torch::kFloat32).contiguous();
            std::vector<NamedArray> filters;
            for (std::int64_t o = 0; o < w.size(0); ++o) {
                const torch::Tensor f = w[o].contiguous();
                NamedArray a{item.key() + "[" + std::to_string(o) + "]", {f.size(0), f.size(1), f.size(2)}, {}};
                a.values.assign(f.data_ptr<float>(), f.data_ptr<float>() + f.numel());
                filters.push_back(std::move(a));
            }
            return filters;
        }
    }
    return {};
}

int Predictor::defaultCamLayer() const
{
    return withEngineErrors([&] {
        const torch::NoGradGuard noGrad;
        std::vector<std::uint8_t> zeros(static_cast<std::size_t>(m_impl->spec.input.elementCount()), 0);
        int last = -1;
        (void)m_impl->forward(m_impl->input(zeros.data(), 1), [&](int index, const torch::Tensor& x) {
            if (x.dim() == 4 && x.size(2) > 1 && x.size(3) > 1)
                last = index;
        });
        if (last < 0)
            throw Error(ErrorCode::InvalidArgument, "Grad-CAM needs a layer with spatial output (a convolution)");
        return last;
    });
}

FloatImage Predictor::gradCam(const std::uint8_t* image, int label, int layerIndex) const
{
    if (layerIndex < 0)
        layerIndex = defaultCamLayer();
    m_impl->checkLayer(layerIndex);
    return withEngineErrors([&] {
        m_impl->model->zero_grad();
        torch::Tensor activation;
        const torch::Tensor logits = m_impl->forward(m_impl->input(image, 1), [&](int index, torch::Tensor& x) {
            if (index == layerIndex) {
                // A fresh tensor the next layer cannot overwrite in place, whose gradient we keep.
                x = x.clone();
                x.retain_grad();
                activation = x;
            }
        });
        if (activation.dim() != 4)
            throw Error(ErrorCode::InvalidArgument, "Grad-CAM needs a layer with spatial output (a convolution)",
                {{}, std::nullopt, layerIndex});
        const int target = label >= 0 ? label : static_cast<int>(logits.argmax(1).item<std::int64_t>());
        if (target >= logits.size(1))
            throw Error(ErrorCode::InvalidArgument, "no class " + std::to_string(target));
        logits[0][target].backward();
        const torch::Tensor weights = activation.grad().mean({2, 3}, /*keepdim=*/true);
        torch::Tensor cam = (weights * activation).sum(1, /*keepdim=*/true).relu().detach();
        const ImageShape& s = m_impl->spec.input;
        cam = torch::nn::functional::interpolate(cam,
            torch::nn::functional::InterpolateFuncOptions()
                .size(std::vector<std::int64_t>{s.height, s.width})
                .mode(torch::kBilinear)
                .align_corners(false));
        const double peak = cam.max().item<double>();
        if (peak > 0.0)
            cam = cam / peak;
        m_impl->model->zero_grad();
        return toImage(cam[0][0]);
    });
}

} // namespace cnnwb::engine
