#include "cnnwb/engine/train/checkpoint.h"

#include "core/atomic_file.h"
#include "model/model_builder.h"
#include "train/checkpoint_state.h"
#include "train/torch_archive.h"

#include "cnnwb/engine/core/error.h"

#include <ATen/core/Dict.h>
#include <ATen/core/List.h>
#include <c10/util/Exception.h>

#include <map>

namespace cnnwb::engine {
namespace {

constexpr const char* kFormat = "cnnwb-checkpoint";

c10::Dict<std::string, at::Tensor> toDict(const NamedTensors& tensors)
{
    c10::Dict<std::string, at::Tensor> dict;
    for (const auto& [name, tensor] : tensors)
        dict.insert(name, tensor);
    return dict;
}

const c10::IValue& field(const c10::impl::GenericDict& dict, const char* key, const std::string& source)
{
    const auto it = dict.find(c10::IValue(std::string(key)));
    if (it == dict.end())
        throw Error(
            ErrorCode::InvalidData, std::string("not a CNN Workbench checkpoint (no \"") + key + "\" entry)", {source});
    return it->value();
}

NamedTensors tensorsOf(const c10::IValue& value, const char* key, const std::string& source)
{
    if (!value.isGenericDict())
        throw Error(
            ErrorCode::InvalidData, std::string("the checkpoint's \"") + key + "\" entry is not a dict", {source});
    NamedTensors tensors;
    for (const auto& entry : value.toGenericDict()) {
        if (!entry.key().isString() || !entry.value().isTensor())
            throw Error(ErrorCode::InvalidData,
                std::string("the checkpoint's \"") + key + "\" entry holds something other than named tensors",
                {source});
        tensors.emplace_back(entry.key().toStringRef(), entry.value().toTensor());
    }
    return tensors;
}

// The checkpoint a read archive holds, checked entry by entry; errors name `source`.
Checkpoint fromArchive(const c10::IValue& root, const std::string& source, const std::filesystem::path& file = {})
{
    if (!root.isGenericDict())
        throw Error(
            ErrorCode::InvalidData, "not a CNN Workbench checkpoint (a state dict? those hold weights only)", {source});
    const c10::impl::GenericDict dict = root.toGenericDict();
    const c10::IValue& format = field(dict, "format", source);
    if (!format.isString() || format.toStringRef() != kFormat)
        throw Error(ErrorCode::InvalidData, "not a CNN Workbench checkpoint", {source});
    if (const auto version = dict.find(c10::IValue(std::string("version"))); version != dict.end()) {
        if (!version->value().isInt())
            throw Error(ErrorCode::InvalidData, "the checkpoint's format version is not a number", {source});
        if (version->value().toInt() > CheckpointInfo::kVersion)
            throw Error(ErrorCode::InvalidData,
                "the checkpoint was written by a newer CNN Workbench (format "
                    + std::to_string(version->value().toInt()) + "); update to read it",
                {source});
    }
    const c10::IValue& info = field(dict, "info", source);
    if (!info.isString())
        throw Error(ErrorCode::InvalidData, "the checkpoint's description is not text", {source});

    auto state = std::make_shared<Checkpoint::State>();
    state->file = file;
    state->info = checkpointInfoFromJson(info.toStringRef(), source);
    state->model = tensorsOf(field(dict, "model", source), "model", source);
    state->optimizer = tensorsOf(field(dict, "optimizer", source), "optimizer", source);
    const c10::IValue& cpu = field(dict, "rng_cpu", source);
    const c10::IValue& cuda = field(dict, "rng_cuda", source);
    if (!cpu.isTensor() || !cuda.isList())
        throw Error(ErrorCode::InvalidData, "the checkpoint's generator states are malformed", {source});
    state->cpuGenerator = cpu.toTensor();
    for (const c10::IValue& g : cuda.toListRef()) {
        if (!g.isTensor())
            throw Error(ErrorCode::InvalidData, "the checkpoint's generator states are malformed", {source});
        state->cudaGenerators.push_back(g.toTensor());
    }
    return Checkpoint(std::move(state));
}

} // namespace

std::string shapeText(const at::Tensor& t)
{
    std::string text;
    for (const std::int64_t d : t.sizes()) {
        if (!text.empty())
            text += 'x'; // see NamedArray::shapeText
        text += std::to_string(d);
    }
    return text.empty() ? "scalar" : text;
}

at::Tensor cpuCopy(const at::Tensor& tensor)
{
    // One copy, whatever the source: from a GPU, from channels-last memory, or (on the CPU) a
    // snapshot that later training steps do not change.
    return at::empty(tensor.sizes(), tensor.options().device(at::kCPU)).copy_(tensor.detach());
}

NamedTensors modelTensors(torch::nn::Sequential& model)
{
    NamedTensors tensors;
    for (const auto& item : model->named_parameters())
        tensors.emplace_back(item.key(), cpuCopy(item.value()));
    for (const auto& item : model->named_buffers())
        tensors.emplace_back(item.key(), cpuCopy(item.value()));
    return tensors;
}

std::string stateDictBytes(const NamedTensors& tensors)
{
    return archiveBytes(toDict(tensors));
}

Checkpoint::Checkpoint(std::shared_ptr<const State> state)
    : m_state(std::move(state))
{
}

const Checkpoint::State& Checkpoint::state() const noexcept
{
    return *m_state;
}

const CheckpointInfo& Checkpoint::info() const noexcept
{
    return m_state->info;
}

Checkpoint Checkpoint::load(const std::filesystem::path& file)
{
    return fromArchive(readArchive(file, "checkpoint"), file.string(), std::filesystem::absolute(file));
}

Checkpoint Checkpoint::read(std::span<const std::uint8_t> bytes, const std::string& source)
{
    const std::span<const char> archive(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    return fromArchive(readArchiveBytes(archive, "checkpoint", source), source);
}

void Checkpoint::save(const std::filesystem::path& file) const
{
    const State& s = *m_state;
    c10::impl::GenericDict root(c10::StringType::get(), c10::AnyType::get());
    root.insert(std::string("format"), std::string(kFormat));
    root.insert(std::string("version"), static_cast<std::int64_t>(CheckpointInfo::kVersion));
    root.insert(std::string("info"), checkpointInfoToJson(s.info));
    root.insert(std::string("model"), toDict(s.model));
    root.insert(std::string("optimizer"), toDict(s.optimizer));
    root.insert(std::string("rng_cpu"), s.cpuGenerator);
    // A list of Any, not a TensorList: LibTorch pickles the latter through a helper that Python's
    // weights_only loader refuses.
    c10::impl::GenericList cuda(c10::AnyType::get());
    for (const at::Tensor& g : s.cudaGenerators)
        cuda.push_back(g);
    root.insert(std::string("rng_cuda"), cuda);
    writeFileAtomically(file, archiveBytes(root));
}

void Checkpoint::saveStateDict(const std::filesystem::path& file) const
{
    writeFileAtomically(file, stateDictBytes(m_state->model));
}

std::vector<NamedArray> Checkpoint::weights() const
{
    std::vector<NamedArray> arrays;
    for (const auto& [name, tensor] : m_state->model) {
        const at::Tensor t = tensor.to(at::kFloat).contiguous();
        NamedArray a;
        a.name = name;
        a.shape.assign(t.sizes().begin(), t.sizes().end());
        a.values.assign(t.data_ptr<float>(), t.data_ptr<float>() + t.numel());
        arrays.push_back(std::move(a));
    }
    return arrays;
}

std::vector<std::string> architectureMismatches(const ModelSpec& spec, const Checkpoint& checkpoint)
{
    torch::nn::Sequential model = buildModel(spec);
    std::map<std::string, std::string> expected;
    std::vector<std::string> order;
    for (const auto& item : model->named_parameters()) {
        expected[item.key()] = shapeText(item.value());
        order.push_back(item.key());
    }
    for (const auto& item : model->named_buffers()) {
        expected[item.key()] = shapeText(item.value());
        order.push_back(item.key());
    }
    std::vector<std::string> problems;
    std::map<std::string, bool> seen;
    for (const auto& [name, tensor] : checkpoint.state().model) {
        seen[name] = true;
        const auto it = expected.find(name);
        if (it == expected.end())
            problems.push_back(name + ": only in the checkpoint (" + shapeText(tensor) + ")");
        else if (it->second != shapeText(tensor))
            problems.push_back(name + ": checkpoint " + shapeText(tensor) + ", model " + it->second);
    }
    for (const std::string& name : order)
        if (!seen.count(name))
            problems.push_back(name + ": only in the model (" + expected[name] + ")");
    return problems;
}

} // namespace cnnwb::engine
