#pragma once

#include "cnnwb/engine/model/model_spec.h"

#include <string>

namespace cnnwb::engine {

/// Python source of the same network as an nn.Sequential (plus a ResidualBlock class when used),
/// whose state dict names match the workbench's: `build_model().load_state_dict(torch.load(...))`.
/// Throws Error(InvalidArgument) when the spec is invalid.
[[nodiscard]] std::string pythonCode(const ModelSpec& spec);

} // namespace cnnwb::engine
