#pragma once

#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/model/layer_spec.h"

#include <QCoreApplication>
#include <QString>

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
    /// E.g. "The data is not usable (file …, record 12): label 10 is out of range 0..9".
    [[nodiscard]] static QString error(const engine::Error& error);
    /// The sentence for an error code alone.
    [[nodiscard]] static QString errorTitle(engine::ErrorCode code);
};

} // namespace cnnwb::ui
