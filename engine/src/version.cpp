#include "cnnwb/engine/version.h"

#include <opencv2/core/version.hpp>
#include <torch/version.h>

namespace cnnwb::engine {

VersionInfo versionInfo()
{
    return {CNNWB_PROJECT_VERSION, TORCH_VERSION, CNNWB_TORCH_CUDA_BUILD, CV_VERSION};
}

} // namespace cnnwb::engine
