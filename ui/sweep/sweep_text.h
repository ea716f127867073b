#pragma once

#include "cnnwb/engine/sweep/sweep_index.h"

#include <QCoreApplication>
#include <QString>

#include <string>

namespace cnnwb::ui {

/// The Sweep page's words for what the engine names by keys and codes.
class SweepText {
    Q_DECLARE_TR_FUNCTIONS(SweepText)
public:
    /// "Learning rate" for training.learning_rate, "Layer 1 out channels" for model.layers.0.out_channels,
    /// "Random crop: padding" for augmentation.random_crop.padding; the key itself when unknown.
    [[nodiscard]] static QString setting(const std::string& key);
    /// Pending, Running, Waiting at a rung, Finished, …
    [[nodiscard]] static QString status(engine::TrialStatus status);
    /// Why a trial stopped, in the user's language (the index keeps the English).
    [[nodiscard]] static QString reason(const engine::TrialRecord& trial);
};

} // namespace cnnwb::ui
