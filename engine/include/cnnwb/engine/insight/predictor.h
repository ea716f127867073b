#pragma once

#include "cnnwb/engine/augment/normalization.h"
#include "cnnwb/engine/core/named_array.h"
#include "cnnwb/engine/data/dataset.h"
#include "cnnwb/engine/insight/class_metrics.h"
#include "cnnwb/engine/model/model_spec.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace cnnwb::engine {

class Checkpoint;

/// One class and how sure the model is of it.
struct ClassScore {
    int label = 0;
    std::string name;
    double probability = 0.0;
};

/// One evaluated image: for galleries of mistakes sorted by confidence.
struct SamplePrediction {
    std::int64_t index = 0; ///< in the split
    int label = 0;
    int predicted = 0;
    double confidence = 0.0; ///< softmax probability of `predicted`
};

/// A float map, rows top to bottom (a feature map channel or a Grad-CAM heat map).
struct FloatImage {
    int width = 0;
    int height = 0;
    std::vector<float> values;
};

/// A trained model for inference and insight, on the CPU or a GPU: predictions, evaluation with
/// per-class metrics, feature maps of any layer, the first conv layer's filters, and Grad-CAM.
/// Images are planar C x H x W uint8 of the model's input shape (files are decoded and resized as in
/// training), normalized with the training's normalization.
class Predictor {
public:
    Predictor(const ModelSpec& spec, const std::vector<NamedArray>& weights, std::vector<std::string> classNames,
        Normalization normalization, const std::string& device = "cpu");
    /// The model, weights, class names and normalization of a checkpoint.
    [[nodiscard]] static Predictor fromCheckpoint(const Checkpoint& checkpoint, const std::string& device = "cpu");
    ~Predictor();
    Predictor(Predictor&&) noexcept;
    Predictor& operator=(Predictor&&) noexcept;

    [[nodiscard]] const ModelSpec& spec() const noexcept;
    /// How loadImage() brings a photo of another size to the model's input (a checkpoint's own).
    void setResizePolicy(ResizePolicy policy) noexcept;
    [[nodiscard]] const std::vector<std::string>& classNames() const noexcept;

    /// Softmax probabilities of one image, index = label.
    [[nodiscard]] std::vector<double> probabilities(const std::uint8_t* image) const;
    /// The `k` most likely classes, most likely first.
    [[nodiscard]] std::vector<ClassScore> top(const std::uint8_t* image, int k = 5) const;
    /// Decodes an image file (PNG, JPEG, ...), converts it to the model's channels and resizes it to
    /// its input size as the ImageFolder reader does. Throws Error(InvalidData) naming the file.
    [[nodiscard]] std::vector<std::uint8_t> loadImage(const std::filesystem::path& file) const;

    struct Evaluation {
        ClassificationReport report;
        double loss = 0.0; ///< mean cross-entropy
        std::vector<SamplePrediction> samples;
    };
    /// Every image of a split, in batches.
    [[nodiscard]] Evaluation evaluate(const Dataset& dataset, Split split = Split::Test, int batchSize = 500) const;

    /// The output of layer `layerIndex` for one image: one map per channel (for 4-D outputs).
    [[nodiscard]] std::vector<FloatImage> featureMaps(const std::uint8_t* image, int layerIndex) const;
    /// The first Conv2d's filters, one per output channel, each in_channels x k x k (as RGB when 3).
    [[nodiscard]] std::vector<NamedArray> firstConvFilters() const;
    /// Grad-CAM (Selvaraju et al.): the ReLU of the layer's activations weighted by the spatially
    /// averaged gradients of the class score, upsampled bilinearly to the input size, scaled to 0..1.
    /// `layerIndex` -1 = the last layer with a 4-D output before the classifier; `label` -1 = the
    /// predicted class.
    [[nodiscard]] FloatImage gradCam(const std::uint8_t* image, int label = -1, int layerIndex = -1) const;
    /// The layer gradCam uses by default.
    [[nodiscard]] int defaultCamLayer() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace cnnwb::engine
