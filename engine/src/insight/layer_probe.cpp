#include "insight/layer_probe.h"

#include "train/fine_tuning.h"

#include <torch/nn/functional/loss.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace cnnwb::engine {
namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

bool endsInRelu(LayerKind kind)
{
    return kind == LayerKind::ReLU || kind == LayerKind::ReLU6 || kind == LayerKind::ResidualBlock
        || kind == LayerKind::Bottleneck;
}

torch::Tensor nanScalar(const torch::Tensor& like);

// The mean over units of each unit's standard deviation across the images (rows). std(0) is a
// strided Welford reduction that cost a sampled step more than the step; sums down the rows are
// fast. Shifted by the first image first, so that an output the same for every image gives
// exactly 0 rather than float32's rounding in E[x²] − E[x]².
torch::Tensor batchSpread(const torch::Tensor& rows)
{
    const std::int64_t n = rows.size(0);
    if (n < 2)
        return nanScalar(rows);
    const torch::Tensor d = rows - rows[0];
    const torch::Tensor mean = d.mean(0);
    const torch::Tensor variance = (d.square().mean(0) - mean.square()).clamp_min(0.0) * (double(n) / double(n - 1));
    return variance.sqrt().mean();
}

torch::Tensor nanScalar(const torch::Tensor& like)
{
    return torch::full({}, kNan, like.options().dtype(torch::kFloat32));
}

torch::Tensor sumOfSquares(const std::vector<torch::Tensor>& tensors, bool gradients)
{
    torch::Tensor total;
    for (const torch::Tensor& t : tensors) {
        const torch::Tensor& v = gradients ? t.grad() : t;
        if (!v.defined())
            continue;
        const torch::Tensor s = v.detach().to(torch::kFloat32).square().sum();
        total = total.defined() ? total + s : s;
    }
    return total;
}

// A tile per channel, each scaled to its own range, in a grid as square as it gets; channels of a
// filter are its colours when it has three, their mean otherwise.
RgbImage tileGrid(const torch::Tensor& maps, bool colour, int scale)
{
    const std::int64_t tiles = maps.size(0);
    const int h = static_cast<int>(maps.size(-2));
    const int w = static_cast<int>(maps.size(-1));
    const int columns = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(tiles))));
    const int rows = static_cast<int>((tiles + columns - 1) / columns);
    RgbImage image;
    image.width = columns * (w * scale + 1) + 1;
    image.height = rows * (h * scale + 1) + 1;
    image.pixels.assign(static_cast<std::size_t>(image.width) * image.height * 3, 48);
    const torch::Tensor flat = maps.reshape({tiles, -1});
    const torch::Tensor lo = std::get<0>(flat.min(1)).view({tiles, 1, 1, 1});
    const torch::Tensor hi = std::get<0>(flat.max(1)).view({tiles, 1, 1, 1});
    const torch::Tensor norm = ((maps.reshape({tiles, -1, h, w}) - lo) / (hi - lo).clamp_min(1e-12) * 255.0)
                                   .clamp(0, 255)
                                   .to(torch::kUInt8)
                                   .contiguous();
    const auto data = norm.accessor<std::uint8_t, 4>();
    for (std::int64_t t = 0; t < tiles; ++t) {
        const int x0 = static_cast<int>(t % columns) * (w * scale + 1) + 1;
        const int y0 = static_cast<int>(t / columns) * (h * scale + 1) + 1;
        for (int y = 0; y < h * scale; ++y)
            for (int x = 0; x < w * scale; ++x)
                for (int c = 0; c < 3; ++c) {
                    const std::int64_t channel = colour ? c : 0;
                    image.pixels[(static_cast<std::size_t>(y0 + y) * image.width + x0 + x) * 3 + c]
                        = data[t][channel][y / scale][x / scale];
                }
    }
    return image;
}

} // namespace

LayerProbe::LayerProbe(const ModelSpec& spec, torch::nn::Sequential model)
    : m_spec(spec)
    , m_model(std::move(model))
{
    for (std::size_t i = 0; i < m_model->size(); ++i) {
        Layer layer{.index = static_cast<int>(i), .kind = m_spec.layers.at(i).kind};
        for (const torch::Tensor& p : m_model->ptr(i)->parameters())
            if (p.requires_grad() && p.dim() > 1)
                layer.weights.push_back(p);
        if (m_firstConv < 0 && layer.kind == LayerKind::Conv2d)
            m_firstConv = layer.index;
        m_layers.push_back(std::move(layer));
    }
}

torch::Tensor LayerProbe::forward(const torch::Tensor& inputs)
{
    m_outputStats.assign(m_layers.size(), {});
    torch::Tensor x = inputs;
    std::size_t i = 0;
    for (auto& module : *m_model) {
        x = module.forward(x);
        noteOutput(m_layers[i++], x);
    }
    return x;
}

void LayerProbe::noteOutput(const Layer& layer, const torch::Tensor& output)
{
    const torch::NoGradGuard noGrad;
    const torch::Tensor y = output.detach().narrow(0, 0, std::min(output.size(0), kStatImages)).to(torch::kFloat32);
    const torch::Tensor flat = y.flatten(1);
    std::vector<torch::Tensor>& stats = m_outputStats[static_cast<std::size_t>(layer.index)];
    // Not std_mean: it takes the Welford path, several times slower here than std() and mean().
    stats = {y.mean(), y.std(), batchSpread(flat), nanScalar(y), nanScalar(y)};
    if (endsInRelu(layer.kind)) {
        // A unit is a channel of a feature map or a feature of a vector: dead when it is zero at
        // every position of every image.
        const torch::Tensor peak = y.dim() == 4 ? y.amax({0, 2, 3}) : flat.amax(0);
        stats[3] = peak.le(0).to(torch::kFloat32).mean();
    } else if (layer.kind == LayerKind::Sigmoid) {
        stats[4] = (y.lt(0.01) | y.gt(0.99)).to(torch::kFloat32).mean();
    } else if (layer.kind == LayerKind::Tanh) {
        stats[4] = y.abs().gt(0.99).to(torch::kFloat32).mean();
    }
}

void LayerProbe::beforeStep()
{
    const torch::NoGradGuard noGrad;
    m_gradientNorms.clear();
    torch::Tensor global;
    for (Layer& layer : m_layers) {
        const torch::Tensor g = sumOfSquares(layer.weights, true);
        m_gradientNorms.push_back(g.defined() ? g.sqrt() : torch::Tensor());
        layer.before.clear();
        for (const torch::Tensor& w : layer.weights)
            layer.before.push_back(w.detach().clone());
    }
    for (const torch::Tensor& p : m_model->parameters())
        if (p.grad().defined()) {
            const torch::Tensor s = p.grad().detach().to(torch::kFloat32).square().sum();
            global = global.defined() ? global + s : s;
        }
    m_globalGradientNorm = global.defined() ? global.sqrt() : torch::Tensor();
    m_stepping = true;
}

HealthSample LayerProbe::afterStep(int epoch, std::int64_t step, double loss)
{
    HealthSample sample{.epoch = epoch, .step = step, .loss = loss, .gradientNorm = kNan, .layers = {}};
    if (!m_stepping || m_outputStats.size() != m_layers.size())
        return sample;
    m_stepping = false;
    const torch::NoGradGuard noGrad;
    // Every number of the sample in one tensor, so that it comes off a GPU in one copy.
    std::vector<torch::Tensor> all;
    const torch::Tensor nan = nanScalar(m_model->parameters().empty() ? torch::zeros({}) : m_model->parameters()[0]);
    for (std::size_t i = 0; i < m_layers.size(); ++i) {
        Layer& layer = m_layers[i];
        const torch::Tensor w2 = sumOfSquares(layer.weights, false);
        const torch::Tensor before2 = sumOfSquares(layer.before, false); // ‖Δw‖ / ‖w‖ as it was
        torch::Tensor update;
        for (std::size_t k = 0; k < layer.weights.size(); ++k) {
            const torch::Tensor d = (layer.weights[k].detach() - layer.before[k]).to(torch::kFloat32).square().sum();
            update = update.defined() ? update + d : d;
        }
        layer.before.clear();
        const bool weighted = w2.defined();
        all.push_back(weighted ? w2.sqrt() : nan);
        all.push_back(weighted && m_gradientNorms[i].defined() ? m_gradientNorms[i] : nan);
        all.push_back(weighted && before2.defined() ? (update / before2.clamp_min(1e-30)).sqrt() : nan);
        for (const torch::Tensor& s : m_outputStats[i])
            all.push_back(s.to(nan.device()));
    }
    all.push_back(m_globalGradientNorm.defined() ? m_globalGradientNorm : nan);
    const torch::Tensor values = torch::stack(all).to(torch::kCPU, torch::kFloat64).contiguous();
    const double* v = values.data_ptr<double>();
    for (const Layer& layer : m_layers) {
        sample.layers.push_back({.layer = layer.index,
            .kind = std::string(layerKindName(layer.kind)),
            .weightNorm = v[0],
            .gradientNorm = v[1],
            .updateRatio = v[2],
            .activationMean = v[3],
            .activationStd = v[4],
            .deadFraction = v[6],
            .saturatedFraction = v[7],
            .batchSpread = v[5]});
        v += 8;
    }
    sample.gradientNorm = *v;
    m_outputStats.clear();
    return sample;
}

Histogram LayerProbe::histogramOf(const std::vector<torch::Tensor>& tensors, bool gradients) const
{
    std::vector<torch::Tensor> flat;
    for (const torch::Tensor& t : tensors) {
        const torch::Tensor& v = gradients ? t.grad() : t;
        if (v.defined())
            flat.push_back(v.detach().to(torch::kFloat32).flatten());
    }
    Histogram h;
    if (flat.empty())
        return h;
    const torch::Tensor all = torch::cat(flat).to(torch::kCPU);
    const torch::Tensor finite = all.index({torch::isfinite(all)});
    h.count = finite.numel();
    if (h.count == 0)
        return h;
    h.min = finite.min().item<double>();
    h.max = finite.max().item<double>();
    h.sum = finite.to(torch::kFloat64).sum().item<double>();
    h.sumSquares = finite.to(torch::kFloat64).square().sum().item<double>();
    const double lo = h.min == h.max ? h.min - 0.5 : h.min;
    const double hi = h.min == h.max ? h.max + 0.5 : h.max;
    const torch::Tensor counts = torch::histc(finite, kHistogramBins, lo, hi).to(torch::kFloat64).contiguous();
    h.min = lo;
    h.max = hi;
    h.bins.assign(counts.data_ptr<double>(), counts.data_ptr<double>() + counts.numel());
    return h;
}

void LayerProbe::clearGradients()
{
    for (torch::Tensor& p : m_model->parameters())
        p.mutable_grad() = torch::Tensor();
}

EpochHealth LayerProbe::epochHealth(int epoch, const torch::Tensor& inputs, const torch::Tensor& targets,
    const torch::nn::functional::CrossEntropyFuncOptions& loss)
{
    EpochHealth health;
    health.epoch = epoch;
    health.firstConvLayer = m_firstConv;
    // Eval mode: BatchNorm's running statistics and the dropout draws stay as training left them.
    m_model->eval();
    clearGradients();
    std::vector<torch::Tensor> outputs;
    torch::Tensor x = inputs;
    for (auto& module : *m_model) {
        x = module.forward(x);
        outputs.push_back(x.detach());
    }
    torch::nn::functional::cross_entropy(x.to(torch::kFloat32), targets, loss).backward();
    for (const Layer& layer : m_layers)
        health.layers.push_back({.layer = layer.index,
            .kind = std::string(layerKindName(layer.kind)),
            .weights = histogramOf(layer.weights, false),
            .gradients = histogramOf(layer.weights, true),
            .activations = histogramOf({outputs[static_cast<std::size_t>(layer.index)]}, false)});
    clearGradients();
    trainMode(m_model, m_spec);
    if (m_firstConv >= 0)
        drawPictures(health, outputs[static_cast<std::size_t>(m_firstConv)]);
    return health;
}

void LayerProbe::drawPictures(EpochHealth& health, const torch::Tensor& convOutput) const
{
    const torch::NoGradGuard noGrad;
    const torch::Tensor kernel = m_layers[static_cast<std::size_t>(m_firstConv)].weights.empty()
        ? m_model->ptr(static_cast<std::size_t>(m_firstConv))->parameters().at(0)
        : m_layers[static_cast<std::size_t>(m_firstConv)].weights.front();
    torch::Tensor filters = kernel.detach().to(torch::kCPU, torch::kFloat32).slice(0, 0, kMaxTiles);
    const bool colour = filters.size(1) == 3;
    if (!colour)
        filters = filters.mean(1, /*keepdim=*/true);
    health.filters = tileGrid(filters, colour, std::max<int>(1, 24 / static_cast<int>(filters.size(-1))));
    const torch::Tensor maps
        = convOutput[0].to(torch::kCPU, torch::kFloat32).slice(0, 0, kMaxTiles).unsqueeze(1).contiguous();
    health.featureMaps = tileGrid(maps, false, std::max<int>(1, 48 / static_cast<int>(maps.size(-1))));
}

} // namespace cnnwb::engine
