#include "cnnwb/engine/model/presets.h"

#include "model/presets_data.h"

namespace cnnwb::engine {

const std::vector<Preset>& builtInPresets()
{
    static const std::vector<Preset> presets = [] {
        std::vector<Preset> all;
        for (const auto& [id, json] : presetSources())
            all.push_back({std::string(id), modelSpecFromJson(std::string(json), "preset " + std::string(id))});
        return all;
    }();
    return presets;
}

ModelSpec adaptToDataset(ModelSpec spec, const ImageShape& input, int classCount)
{
    spec.input = input;
    if (!spec.layers.empty() && spec.layers.back().kind == LayerKind::Linear)
        spec.layers.back().outChannels = classCount;
    return spec;
}

} // namespace cnnwb::engine
