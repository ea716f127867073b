#include "train/training_memory.h"

#include "core/memory_budget.h"

namespace cnnwb::engine {

void checkTrainingMemory(const ModelAnalysis& analysis, int batchSize, bool onCpu)
{
    if (onCpu)
        checkMemoryBudget(analysis.trainingMemoryBytes(batchSize),
            "training this model at batch size " + std::to_string(batchSize), ErrorCode::InvalidArgument, {},
            "make the model smaller or the batch size lower");
    else
        checkMemoryBudget(analysis.parameters * 4, "storing this model's weights", ErrorCode::InvalidArgument, {},
            "make the model smaller");
}

} // namespace cnnwb::engine
