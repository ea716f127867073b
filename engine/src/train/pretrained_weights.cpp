#include "cnnwb/engine/train/pretrained_weights.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <string_view>

namespace cnnwb::engine {
namespace {

struct KnownArchitecture {
    std::string_view filePrefix; ///< torchvision's file names start with the model's name and a dash
    std::string_view preset;
    std::string_view title;
};

constexpr std::array kKnown = {
    KnownArchitecture{"resnet18-", "resnet18", "ResNet-18, ImageNet-1k"},
    KnownArchitecture{"resnet50-", "resnet50", "ResNet-50, ImageNet-1k"},
    KnownArchitecture{"mobilenet_v2-", "mobilenet_v2", "MobileNetV2, ImageNet-1k"},
};

std::filesystem::path fromEnvironment(const char* name)
{
    const char* value = std::getenv(name);
    return value != nullptr && *value != '\0' ? std::filesystem::path(value) : std::filesystem::path();
}

} // namespace

std::string WeightsImport::describe() const
{
    std::string text = std::to_string(tensors) + " tensors into " + std::to_string(layers.size()) + " layers from "
        + file.filename().string();
    if (!replaced.empty())
        text += "; the head is new for this dataset's classes (" + replaced.front()
            + (replaced.size() > 1 ? " and " + std::to_string(replaced.size() - 1) + " more" : "") + ")";
    if (!skipped.empty())
        text += "; " + std::to_string(skipped.size()) + " tensors of other shapes left as initialised";
    return text;
}

std::filesystem::path torchHubCheckpointFolder()
{
    std::filesystem::path torchHome = fromEnvironment("TORCH_HOME");
    if (torchHome.empty()) {
        std::filesystem::path cache = fromEnvironment("XDG_CACHE_HOME");
        if (cache.empty())
            cache = fromEnvironment("HOME") / ".cache";
        torchHome = cache / "torch";
    }
    return torchHome / "hub" / "checkpoints";
}

std::optional<PretrainedWeights> recognizePretrainedWeights(const std::filesystem::path& file)
{
    const std::string name = file.filename().string();
    if (!name.ends_with(".pth"))
        return std::nullopt;
    for (const KnownArchitecture& known : kKnown)
        if (name.starts_with(known.filePrefix))
            return PretrainedWeights{std::string(known.preset), std::string(known.title), file};
    return std::nullopt;
}

std::vector<PretrainedWeights> findPretrainedWeights()
{
    std::vector<PretrainedWeights> found;
    std::error_code ec;
    for (std::filesystem::directory_iterator it(torchHubCheckpointFolder(), ec), end; !ec && it != end;
         it.increment(ec))
        if (auto weights = recognizePretrainedWeights(it->path()); weights && it->is_regular_file(ec))
            found.push_back(std::move(*weights));
    std::sort(found.begin(), found.end(),
        [](const PretrainedWeights& a, const PretrainedWeights& b) { return a.file.filename() < b.file.filename(); });
    return found;
}

void setFrozenBefore(ModelSpec& spec, int layer)
{
    for (std::size_t i = 0; i < spec.layers.size(); ++i)
        spec.layers[i].trainable = static_cast<int>(i) >= layer;
}

int frozenPrefix(const ModelSpec& spec)
{
    int count = 0;
    while (count < static_cast<int>(spec.layers.size()) && !spec.layers[static_cast<std::size_t>(count)].trainable)
        ++count;
    return count;
}

} // namespace cnnwb::engine
