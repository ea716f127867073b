#pragma once

#include "cnnwb/engine/export/onnx_export.h"

#include <filesystem>

namespace cnnwb::engine {

class Checkpoint;

/// A checkpoint's model as ONNX: its weights, its class names and, in front, its run's normalization
/// (`options.normalization` is replaced by it). What `cnnwb export --onnx` and the workbench's
/// File → Export ONNX write. Throws Error like exportOnnx.
void exportCheckpointOnnx(const Checkpoint& checkpoint, const std::filesystem::path& file, OnnxOptions options);

} // namespace cnnwb::engine
