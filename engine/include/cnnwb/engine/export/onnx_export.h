#pragma once

#include "cnnwb/engine/augment/normalization.h"
#include "cnnwb/engine/core/named_array.h"
#include "cnnwb/engine/model/model_spec.h"

#include <filesystem>
#include <string>
#include <vector>

namespace cnnwb::engine {

struct OnnxOptions {
    int opset = 11;              ///< 11..17; 11 is what the seed article exports
    bool dynamicBatch = true;    ///< the batch dimension is named ("batch") instead of fixed
    int batchSize = 1;           ///< the fixed batch size when !dynamicBatch
    Normalization normalization; ///< the training's, recorded in the metadata for whoever feeds the model
};

/// The lowest and highest opset exportOnnx writes.
inline constexpr int kOnnxMinOpset = 11;
inline constexpr int kOnnxMaxOpset = 17;

/// Writes `spec` with `weights` (as Checkpoint::weights() gives them) as an ONNX model for
/// inference: every layer kind maps to standard ONNX operators, BatchNorm in its inference form,
/// Dropout left out. The input "input" is float N x C x H x W normalized as in training
/// (options.normalization); the output "logits" is N x classes. Metadata: the input shape, the class
/// names (JSON list) and the normalization. Written through the ONNX project's own protobuf
/// schema (libonnx); atomically. Throws Error(InvalidArgument) for a spec or weights it cannot
/// express (naming the layer), Error(Io) naming the file.
void exportOnnx(const ModelSpec& spec, const std::vector<NamedArray>& weights,
    const std::vector<std::string>& classNames, const std::filesystem::path& file, const OnnxOptions& options = {});

} // namespace cnnwb::engine
