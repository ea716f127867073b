#include "cnnwb/engine/export/checkpoint_export.h"

#include "cnnwb/engine/train/checkpoint.h"

namespace cnnwb::engine {

void exportCheckpointOnnx(const Checkpoint& checkpoint, const std::filesystem::path& file, OnnxOptions options)
{
    const CheckpointInfo& saved = checkpoint.info();
    options.normalization = saved.experiment.training.augmentation.normalize;
    exportOnnx(saved.experiment.model, checkpoint.weights(), saved.dataset.classNames, file, options);
}

} // namespace cnnwb::engine
