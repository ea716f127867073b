#pragma once

// The engine's plain value types, declared to Qt's meta-type system so they cross threads as
// queued signal arguments.

#include "cnnwb/engine/model/model_spec.h"
#include "cnnwb/engine/train/train_config.h"
#include "cnnwb/engine/train/training_metrics.h"

#include <QList>
#include <QMetaType>

Q_DECLARE_METATYPE(cnnwb::engine::RunInfo)
Q_DECLARE_METATYPE(cnnwb::engine::BatchMetrics)
Q_DECLARE_METATYPE(cnnwb::engine::EpochMetrics)
Q_DECLARE_METATYPE(cnnwb::engine::RunResult)
Q_DECLARE_METATYPE(cnnwb::engine::HealthSample)
Q_DECLARE_METATYPE(cnnwb::engine::EpochHealth)
Q_DECLARE_METATYPE(cnnwb::engine::Diagnosis)

namespace cnnwb::ui {

using BatchMetricsList = QList<engine::BatchMetrics>;
using DiagnosisList = QList<engine::Diagnosis>;

/// Registers the types above (once); the bridge calls it before its first run.
void registerTrainingTypes();

} // namespace cnnwb::ui
