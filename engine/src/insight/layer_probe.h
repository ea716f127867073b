#pragma once

#include "cnnwb/engine/insight/layer_health.h"
#include "cnnwb/engine/model/model_spec.h"

#include <torch/nn/functional/loss.h>
#include <torch/nn/modules/container/sequential.h>

#include <cstdint>
#include <vector>

namespace cnnwb::engine {

/// Looks inside a network while it trains (docs/layer-health.md). A sampled step runs its forward
/// pass through forward(), which goes layer by layer and notes each output; beforeStep() and
/// afterStep() bracket the optimizer's step for the gradients and the size of the update. At an
/// epoch's end, epochHealth() passes a fixed probe batch through the network in eval mode for the
/// histograms and the first convolution's filters and feature maps, and leaves no gradients behind.
class LayerProbe {
public:
    LayerProbe(const ModelSpec& spec, torch::nn::Sequential model);

    /// The network's output, as model->forward would give it; notes each layer's output.
    [[nodiscard]] torch::Tensor forward(const torch::Tensor& inputs);
    /// After backward (and unscaling and clipping), before the step.
    void beforeStep();
    /// After the step: the sample, or none (layers empty) when beforeStep did not run (a skipped step).
    [[nodiscard]] HealthSample afterStep(int epoch, std::int64_t step, double loss);
    /// Histograms and pictures for the end of `epoch`, from `inputs` (normalized) and their labels.
    [[nodiscard]] EpochHealth epochHealth(int epoch, const torch::Tensor& inputs, const torch::Tensor& targets,
        const torch::nn::functional::CrossEntropyFuncOptions& loss);

    static constexpr int kHistogramBins = 30;
    static constexpr int kMaxTiles = 64; ///< filters and feature maps shown
    /// A sampled step's output statistics come from this many of the batch's images: each is a
    /// few passes over every layer's output, which at 64 images cost a sampled step three more.
    static constexpr std::int64_t kStatImages = 16;

private:
    struct Layer {
        int index = 0;
        LayerKind kind = LayerKind::ReLU;
        std::vector<torch::Tensor> weights; ///< trainable matrices and kernels (no biases, no BatchNorm scales)
        std::vector<torch::Tensor> before;  ///< their values before the sampled step
    };
    void noteOutput(const Layer& layer, const torch::Tensor& output);
    [[nodiscard]] Histogram histogramOf(const std::vector<torch::Tensor>& tensors, bool gradients) const;
    void clearGradients();
    void drawPictures(EpochHealth& health, const torch::Tensor& convOutput) const;

    ModelSpec m_spec;
    torch::nn::Sequential m_model;
    std::vector<Layer> m_layers;
    int m_firstConv = -1;
    /// Per layer, per sampled step: mean, std, spread, dead share, saturated share (0-d tensors,
    /// read together after the step so a GPU waits once).
    std::vector<std::vector<torch::Tensor>> m_outputStats;
    std::vector<torch::Tensor> m_gradientNorms;
    torch::Tensor m_globalGradientNorm;
    bool m_stepping = false;
};

} // namespace cnnwb::engine
