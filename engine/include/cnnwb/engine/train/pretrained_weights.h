#pragma once

#include "cnnwb/engine/model/model_spec.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace cnnwb::engine {

/// What starting a network from a weights file (TrainConfig::initialWeights) takes from it.
///
/// A state dict (.pth, as torch.save(model.state_dict()) writes it, torchvision's downloads
/// included) must fit exactly: each layer's tensors are found under its LayerSpec::weightsName (or
/// its index), every key and shape is checked, and a key missing from either side is an error; only
/// the head, the last Linear, is left fresh when its classes differ (it is replaced to fit the
/// dataset). A workbench checkpoint (.ckpt, an earlier run) gives the layers whose shapes agree.
struct WeightsImport {
    std::filesystem::path file;
    bool fromCheckpoint = false;       ///< an earlier run's checkpoint: matching layers only
    std::int64_t tensors = 0;          ///< tensors taken from the file
    std::vector<int> layers;           ///< layers whose every tensor came from it: the pretrained part
    std::vector<std::string> replaced; ///< the head's tensors left fresh, e.g. "fc.weight (1000x512 in the file)"
    std::vector<std::string> skipped;  ///< from a checkpoint: tensors whose shapes differ, left fresh

    /// "62 tensors into 14 layers; head replaced (fc.weight ...)": for logs and the CLI.
    [[nodiscard]] std::string describe() const;
};

/// What importing `file` into a network built from `spec` would take, without training: every check
/// the trainer makes. Throws Error(InvalidData) naming the file and, for a mismatch, the key, both
/// shapes and the layer; missing and unexpected keys are listed.
[[nodiscard]] WeightsImport checkInitialWeights(const ModelSpec& spec, const std::filesystem::path& file);

/// Weights torchvision publishes for an architecture the workbench has as a preset.
struct PretrainedWeights {
    std::string preset;         ///< the built-in preset they fit: "resnet18", "resnet50", "mobilenet_v2"
    std::string title;          ///< "ResNet-18, ImageNet-1k"
    std::filesystem::path file; ///< where it lies on this machine
};

/// torchvision's download folder: $TORCH_HOME/hub/checkpoints, TORCH_HOME defaulting to
/// $XDG_CACHE_HOME/torch, that to ~/.cache/torch (as torch.hub.get_dir() says).
[[nodiscard]] std::filesystem::path torchHubCheckpointFolder();

/// The weights torchvision has downloaded to this machine that fit a preset, by file name
/// ("resnet18-f37072fd.pth"), sorted by name. Nothing is downloaded.
[[nodiscard]] std::vector<PretrainedWeights> findPretrainedWeights();

/// The preset and title of a torchvision weights file by its name; nothing for other names.
[[nodiscard]] std::optional<PretrainedWeights> recognizePretrainedWeights(const std::filesystem::path& file);

/// Whether the layers before `layer` (0-based) are all frozen and it and the rest are trainable.
/// setFrozenBefore(spec, N) makes it so: "freeze everything before layer N" (0 = train everything).
void setFrozenBefore(ModelSpec& spec, int layer);
/// The number of leading frozen layers (the N of setFrozenBefore when the frozen layers are a prefix).
[[nodiscard]] int frozenPrefix(const ModelSpec& spec);

} // namespace cnnwb::engine
