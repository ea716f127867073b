#pragma once

#include "cnnwb/engine/augment/augmentation.h"
#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/core/phrase.h"
#include "cnnwb/engine/insight/layer_health.h"
#include "cnnwb/engine/model/layer_spec.h"
#include "cnnwb/engine/model/model_analysis.h"
#include "cnnwb/engine/train/checkpoint.h"
#include "cnnwb/engine/train/train_config.h"

#include <QCoreApplication>
#include <QString>

#include <string>

namespace cnnwb::ui {

/// The engine speaks English and codes; this is where the GUI turns them into the user's language.
/// Layer kinds keep PyTorch's class name (what students type in code) beside a translated name;
/// errors get a translated sentence for their code and context, followed by the engine's detail.
class EngineText {
    Q_DECLARE_TR_FUNCTIONS(EngineText)
public:
    /// "Conv2d" in English; "卷积 Conv2d" in Chinese.
    [[nodiscard]] static QString layerKind(engine::LayerKind kind);
    /// A layer's settings in a few words, e.g. "32 ch, 3×3, stride 1, padding 1" (engine::describeSettings,
    /// translated).
    [[nodiscard]] static QString layerSettings(const engine::LayerSpec& layer);
    /// A model's problem, e.g. "layer 4 MaxPool2d: input is 1×1, kernel 2 does not fit", translated
    /// from its phrase; `spec` names the layer's kind. In English exactly the engine's message.
    [[nodiscard]] static QString problem(const engine::SpecProblem& problem, const engine::ModelSpec& spec);
    /// E.g. "The data is not usable (file …, record 12): label 10 is out of range 0..9".
    [[nodiscard]] static QString error(const engine::Error& error);
    /// "CIFAR-10 (ImageFolder, 50000 + 10000 images, 3x32x32)": DatasetIdentity::describe, translated.
    [[nodiscard]] static QString dataset(const engine::DatasetIdentity& dataset);
    /// One of the engine's sentences (its log lines, a checkpoint's position) in the user's language:
    /// the text through the catalogue, then its values, themselves translated when they are phrases.
    /// Safe to call from any thread. A text missing from the catalogue stays English.
    [[nodiscard]] static QString phrase(const engine::Phrase& phrase);
    /// "epoch 3 of 10 done" or "epoch 4 of 10, 120 batches done": CheckpointInfo::describePosition, translated.
    [[nodiscard]] static QString checkpointPosition(const engine::CheckpointInfo& info);
    /// A run's status as its manifest records it: running, finished, stopped, early-stopped, failed.
    [[nodiscard]] static QString runStatus(const std::string& status);
    /// "Learning rate too high", translated (docs/layer-health.md).
    [[nodiscard]] static QString diagnosisTitle(engine::DiagnosisKind kind);
    /// "crop(4)+hflip" or "none": engine::describe of an augmentation, translated.
    [[nodiscard]] static QString augmentation(const engine::AugmentationSpec& spec);
    /// "SGD", "Adam", "AdamW": the optimizers' own names (not translated; the engine writes them lower-case).
    [[nodiscard]] static QString optimizer(engine::OptimizerKind kind);
    /// The sentence for an error code alone.
    [[nodiscard]] static QString errorTitle(engine::ErrorCode code);
};

} // namespace cnnwb::ui
