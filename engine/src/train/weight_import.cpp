#include "train/weight_import.h"

#include "core/library_errors.h"
#include "model/model_builder.h"
#include "train/checkpoint_state.h"
#include "train/state_dict_file.h"

#include "cnnwb/engine/core/error.h"

#include <torch/utils.h>

#include <map>
#include <set>

namespace cnnwb::engine {
namespace {

// torch.nn.DataParallel and DistributedDataParallel save every key under "module.".
StateDictTensors withoutWrapperPrefix(StateDictTensors tensors)
{
    constexpr std::string_view kPrefix = "module.";
    for (const auto& [name, tensor] : tensors)
        if (!name.starts_with(kPrefix))
            return tensors;
    for (auto& [name, tensor] : tensors)
        name.erase(0, kPrefix.size());
    return tensors;
}

// One tensor the network has: its name in the network ("4.conv1.weight"), its layer and the names
// the file may give it (torchvision's "layer1.0.conv1.weight"; ResidualBlock's shortcut is
// torchvision's downsample).
struct Wanted {
    std::string name;
    int layer = 0;
    at::Tensor tensor;
    std::vector<std::string> candidates;
};

std::vector<Wanted> wantedTensors(torch::nn::Sequential& model, const ModelSpec& spec, bool byIndex)
{
    std::vector<Wanted> wanted;
    const auto add = [&](const std::string& name, const at::Tensor& tensor) {
        const std::size_t dot = name.find('.');
        const int layer = std::stoi(name.substr(0, dot));
        const std::string rest = name.substr(dot + 1);
        const LayerSpec& l = spec.layers.at(static_cast<std::size_t>(layer));
        const std::string prefix = byIndex || l.weightsName.empty() ? std::to_string(layer) : l.weightsName;
        Wanted w{name, layer, tensor, {prefix + "." + rest}};
        if (!byIndex && l.kind == LayerKind::ResidualBlock && rest.starts_with("shortcut."))
            w.candidates.push_back(prefix + ".downsample." + rest.substr(9));
        wanted.push_back(std::move(w));
    };
    for (const auto& item : model->named_parameters())
        add(item.key(), item.value());
    for (const auto& item : model->named_buffers())
        add(item.key(), item.value());
    return wanted;
}

std::string listed(const std::vector<std::string>& names)
{
    constexpr std::size_t kShown = 6;
    std::string text;
    for (std::size_t i = 0; i < names.size() && i < kShown; ++i)
        text += (i == 0 ? "" : ", ") + names[i];
    if (names.size() > kShown)
        text += " and " + std::to_string(names.size() - kShown) + " more";
    return text;
}

// What a mapping found: each wanted tensor's source (or none), and what does not fit.
struct Matching {
    std::vector<const at::Tensor*> sources; ///< per wanted tensor; nullptr = left as initialised
    std::vector<bool> excused;              ///< per wanted tensor: absent, and rightly so (a batch count)
    std::vector<std::string> mismatches;
    std::optional<int> firstMismatchLayer;
    std::string firstMismatchShapes;
    std::vector<std::string> missing;
    std::vector<std::string> unexpected;
};

Matching match(
    const std::vector<Wanted>& wanted, const StateDictTensors& file, const ModelSpec& spec, WeightsImport& report)
{
    std::map<std::string, const at::Tensor*> byName;
    for (const auto& [name, tensor] : file)
        byName.emplace(name, &tensor);
    std::set<std::string> used;
    const int head = !spec.layers.empty() && spec.layers.back().kind == LayerKind::Linear
        ? static_cast<int>(spec.layers.size()) - 1
        : -1;
    Matching m;
    for (const Wanted& w : wanted) {
        const at::Tensor* source = nullptr;
        std::string key;
        for (const std::string& candidate : w.candidates)
            if (const auto found = byName.find(candidate); found != byName.end()) {
                source = found->second;
                key = candidate;
                break;
            }
        if (source != nullptr)
            used.insert(key);
        bool excused = false;
        const bool fits = source != nullptr && source->sizes().equals(w.tensor.sizes());
        if (!fits && (report.fromCheckpoint || w.layer == head)) {
            // The head is replaced to fit the dataset's classes; a checkpoint gives what fits.
            if (source != nullptr || w.layer == head)
                (w.layer == head ? report.replaced : report.skipped)
                    .push_back(w.candidates.front()
                        + (source != nullptr ? " (" + shapeText(*source) + " in the file)" : " (not in the file)"));
            source = nullptr;
        } else if (source == nullptr) {
            // BatchNorm's batch count came with PyTorch 0.4.1; older files (torchvision's first
            // downloads) lack it, and PyTorch loads them too.
            excused = w.name.ends_with("num_batches_tracked");
            if (!excused)
                m.missing.push_back(w.candidates.front());
        } else if (!fits) {
            m.mismatches.push_back(key + " is " + shapeText(*source) + " in the file but layer "
                + std::to_string(w.layer) + " ("
                + std::string(layerKindName(spec.layers[static_cast<std::size_t>(w.layer)].kind)) + ") needs "
                + shapeText(w.tensor));
            if (!m.firstMismatchLayer) {
                m.firstMismatchLayer = w.layer;
                m.firstMismatchShapes = shapeText(*source) + " vs " + shapeText(w.tensor);
            }
            source = nullptr;
        }
        m.sources.push_back(source);
        m.excused.push_back(excused);
    }
    if (!report.fromCheckpoint)
        for (const auto& [name, tensor] : file)
            if (!used.contains(name))
                m.unexpected.push_back(name);
    return m;
}

[[noreturn]] void refuse(const Matching& m, const std::filesystem::path& file)
{
    std::string text = "the weights do not fit this network";
    if (!m.mismatches.empty()) {
        text += ": " + m.mismatches.front();
        if (m.mismatches.size() > 1)
            text += " (" + std::to_string(m.mismatches.size() - 1) + " more tensors differ)";
    }
    if (!m.missing.empty())
        text += "; missing from the file (" + std::to_string(m.missing.size()) + "): " + listed(m.missing);
    if (!m.unexpected.empty())
        text += "; not in this network (" + std::to_string(m.unexpected.size()) + "): " + listed(m.unexpected);
    text += ". Is it the same architecture?";
    throw Error(
        ErrorCode::InvalidData, text, {file.string(), std::nullopt, m.firstMismatchLayer, m.firstMismatchShapes});
}

StateDictTensors readWeights(const std::filesystem::path& file, bool& fromCheckpoint)
{
    fromCheckpoint = file.extension() == ".ckpt";
    if (!fromCheckpoint)
        return withoutWrapperPrefix(readStateDictFile(file));
    const Checkpoint checkpoint = Checkpoint::load(file);
    return {checkpoint.state().model.begin(), checkpoint.state().model.end()};
}

} // namespace

WeightsImport importWeights(torch::nn::Sequential& model, const ModelSpec& spec, const std::filesystem::path& file)
{
    WeightsImport report;
    report.file = file;
    const StateDictTensors tensors = readWeights(file, report.fromCheckpoint);
    const std::vector<Wanted> wanted = wantedTensors(model, spec, report.fromCheckpoint);
    const Matching m = match(wanted, tensors, spec, report);
    if (!m.mismatches.empty() || !m.missing.empty() || !m.unexpected.empty())
        refuse(m, file);

    std::map<int, bool> complete; // per layer with tensors: did every one come from the file
    const torch::NoGradGuard noGrad;
    for (std::size_t i = 0; i < wanted.size(); ++i) {
        const bool taken = m.sources[i] != nullptr;
        const auto entry = complete.emplace(wanted[i].layer, true).first;
        entry->second = entry->second && (taken || m.excused[i]);
        if (taken) {
            wanted[i].tensor.copy_(*m.sources[i]);
            ++report.tensors;
        }
    }
    for (const auto& [layer, all] : complete)
        if (all)
            report.layers.push_back(layer);
    if (report.tensors == 0)
        throw Error(ErrorCode::InvalidData, "no layer of this network fits the weights in the file", {file.string()});
    return report;
}

WeightsImport checkInitialWeights(const ModelSpec& spec, const std::filesystem::path& file)
{
    return withEngineErrors([&] {
        torch::nn::Sequential model = buildModel(spec);
        return importWeights(model, spec, file);
    });
}

} // namespace cnnwb::engine
