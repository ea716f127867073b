#pragma once

// The engine's public API in one include: plain value types, no LibTorch, OpenCV or Qt.
#include "cnnwb/engine/dataset.h"
#include "cnnwb/engine/dataset_format.h"
#include "cnnwb/engine/dataset_info.h"
#include "cnnwb/engine/device_info.h"
#include "cnnwb/engine/error.h"
#include "cnnwb/engine/image_shape.h"
#include "cnnwb/engine/log.h"
#include "cnnwb/engine/model_summary.h"
#include "cnnwb/engine/paths.h"
#include "cnnwb/engine/threads.h"
#include "cnnwb/engine/train_config.h"
#include "cnnwb/engine/trainer.h"
#include "cnnwb/engine/training_metrics.h"
#include "cnnwb/engine/training_observer.h"
#include "cnnwb/engine/version.h"
