#include "train/resume.h"

#include "cnnwb/engine/core/error.h"

#include <ATen/Context.h>
#include <ATen/core/Generator.h>
#include <torch/cuda.h>
#include <torch/optim/adam.h>
#include <torch/optim/adamw.h>
#include <torch/optim/sgd.h>
#include <torch/utils.h>

#include <map>
#include <mutex>
#include <sstream>

namespace cnnwb::engine {

NamedTensors optimizerTensors(torch::optim::Optimizer& optimizer, const std::vector<torch::Tensor>& params)
{
    NamedTensors tensors;
    const auto cpu = [](const torch::Tensor& t) { return t.defined() ? cpuCopy(t) : t; };
    for (std::size_t i = 0; i < params.size(); ++i) {
        const auto it = optimizer.state().find(params[i].unsafeGetTensorImpl());
        if (it == optimizer.state().end())
            continue;
        const std::string key = std::to_string(i) + ".";
        if (const auto* adam = dynamic_cast<const torch::optim::AdamParamState*>(it->second.get())) {
            tensors.emplace_back(key + "step", torch::tensor(adam->step(), torch::kInt64));
            tensors.emplace_back(key + "exp_avg", cpu(adam->exp_avg()));
            tensors.emplace_back(key + "exp_avg_sq", cpu(adam->exp_avg_sq()));
        } else if (const auto* adamw = dynamic_cast<const torch::optim::AdamWParamState*>(it->second.get())) {
            tensors.emplace_back(key + "step", torch::tensor(adamw->step(), torch::kInt64));
            tensors.emplace_back(key + "exp_avg", cpu(adamw->exp_avg()));
            tensors.emplace_back(key + "exp_avg_sq", cpu(adamw->exp_avg_sq()));
        } else if (const auto* sgd = dynamic_cast<const torch::optim::SGDParamState*>(it->second.get())) {
            if (sgd->momentum_buffer().defined())
                tensors.emplace_back(key + "momentum_buffer", cpu(sgd->momentum_buffer()));
        }
    }
    return tensors;
}

namespace {

// Adam and AdamW keep the same moments under different types.
template <typename State>
std::unique_ptr<torch::optim::OptimizerParamState> adamState(
    std::int64_t step, const torch::Tensor& avg, const torch::Tensor& avgSq)
{
    auto state = std::make_unique<State>();
    state->step(step);
    state->exp_avg(avg);
    state->exp_avg_sq(avgSq);
    return state;
}

} // namespace

void restoreOptimizer(torch::optim::Optimizer& optimizer, OptimizerKind kind, const std::vector<torch::Tensor>& params,
    const NamedTensors& saved)
{
    std::map<std::string, torch::Tensor> byName(saved.begin(), saved.end());
    const auto take = [&](std::size_t i, const char* field, const torch::Tensor& like) {
        const auto it = byName.find(std::to_string(i) + "." + field);
        if (it == byName.end())
            return torch::Tensor();
        if (it->second.sizes() != like.sizes())
            throw Error(ErrorCode::InvalidData,
                std::string("the checkpoint's optimizer state ") + it->first + " does not fit its parameter");
        // A copy even on the CPU: the optimizer updates its state in place, and the checkpoint
        // must stay as it was saved (a second run continued from it starts from the same point).
        return it->second.to(like.device(), it->second.scalar_type(), false, true)
            .contiguous(like.suggest_memory_format());
    };
    for (std::size_t i = 0; i < params.size(); ++i) {
        const torch::Tensor& p = params[i];
        const auto stepIt = byName.find(std::to_string(i) + ".step");
        switch (kind) {
        case OptimizerKind::Adam:
        case OptimizerKind::AdamW: {
            if (stepIt == byName.end())
                continue; // never stepped
            torch::Tensor avg = take(i, "exp_avg", p);
            torch::Tensor avgSq = take(i, "exp_avg_sq", p);
            if (!avg.defined() || !avgSq.defined())
                throw Error(ErrorCode::InvalidData, "the checkpoint's optimizer state is incomplete");
            const std::int64_t step = stepIt->second.item<std::int64_t>();
            optimizer.state()[p.unsafeGetTensorImpl()] = kind == OptimizerKind::Adam
                ? adamState<torch::optim::AdamParamState>(step, avg, avgSq)
                : adamState<torch::optim::AdamWParamState>(step, avg, avgSq);
            break;
        }
        case OptimizerKind::Sgd: {
            torch::Tensor buffer = take(i, "momentum_buffer", p);
            if (!buffer.defined())
                continue;
            auto state = std::make_unique<torch::optim::SGDParamState>();
            state->momentum_buffer(buffer);
            optimizer.state()[p.unsafeGetTensorImpl()] = std::move(state);
            break;
        }
        }
    }
}

std::string engineState(const std::mt19937_64& engine)
{
    std::ostringstream out;
    out << engine;
    return out.str();
}

void captureGenerators(Checkpoint::State& state, const torch::Device& device)
{
    {
        auto generator = at::globalContext().defaultGenerator(at::kCPU);
        const std::lock_guard lock(generator.mutex());
        state.cpuGenerator = generator.get_state();
    }
    if (device.is_cuda()) {
        const auto count = static_cast<int>(torch::cuda::device_count());
        for (int i = 0; i < count; ++i) {
            auto generator
                = at::globalContext().defaultGenerator(at::Device(at::kCUDA, static_cast<c10::DeviceIndex>(i)));
            const std::lock_guard lock(generator.mutex());
            state.cudaGenerators.push_back(generator.get_state());
        }
    }
}

void restoreGenerators(const Checkpoint::State& saved, const torch::Device& device)
{
    if (saved.cpuGenerator.defined() && saved.cpuGenerator.numel() > 0) {
        auto generator = at::globalContext().defaultGenerator(at::kCPU);
        const std::lock_guard lock(generator.mutex());
        generator.set_state(saved.cpuGenerator);
    }
    if (device.is_cuda() && !saved.cudaGenerators.empty()) {
        const auto index = static_cast<std::size_t>(device.index());
        if (index < saved.cudaGenerators.size()) {
            auto generator = at::globalContext().defaultGenerator(device);
            const std::lock_guard lock(generator.mutex());
            generator.set_state(saved.cudaGenerators[index]);
        }
    }
}

void loadWeights(torch::nn::Sequential& model, const Checkpoint& checkpoint)
{
    const torch::NoGradGuard noGrad;
    std::map<std::string, torch::Tensor> saved(checkpoint.state().model.begin(), checkpoint.state().model.end());
    for (auto& item : model->named_parameters())
        item.value().copy_(saved.at(item.key()));
    for (auto& item : model->named_buffers())
        item.value().copy_(saved.at(item.key()));
}

namespace {

void checkArchitecture(const Checkpoint& checkpoint, const ModelSpec& spec)
{
    const std::vector<std::string> problems = architectureMismatches(spec, checkpoint);
    if (problems.empty())
        return;
    std::string list;
    for (std::size_t i = 0; i < problems.size() && i < 12; ++i)
        list += "\n  " + problems[i];
    if (problems.size() > 12)
        list += "\n  … and " + std::to_string(problems.size() - 12) + " more";
    throw Error(ErrorCode::InvalidArgument,
        "the checkpoint's model has another architecture than this one (" + std::to_string(problems.size())
            + " difference" + (problems.size() == 1 ? "" : "s") + "):" + list);
}

} // namespace

void checkResumable(const Checkpoint& checkpoint, const ResumeTarget& target)
{
    const CheckpointInfo& saved = checkpoint.info();
    checkArchitecture(checkpoint, target.spec);
    const DatasetIdentity& identity = target.dataset;
    if (!(saved.dataset.fingerprint == identity.fingerprint && saved.dataset.shape == identity.shape
            && saved.dataset.trainCount == identity.trainCount))
        throw Error(ErrorCode::InvalidArgument,
            "the checkpoint was trained on " + saved.dataset.describe() + " [" + saved.dataset.fingerprint
                + "], not on this data: " + identity.describe() + " [" + identity.fingerprint
                + "]; resuming on other data would not continue the same run",
            {target.dataRoot.string()});
    const int done = saved.epoch - 1;
    if (done >= target.epochs)
        throw Error(ErrorCode::InvalidArgument,
            "the checkpoint has already trained " + std::to_string(done) + " epoch" + (done == 1 ? "" : "s")
                + "; ask for more than " + std::to_string(done) + " to continue it");
    const std::int64_t savedGlobal = std::int64_t{saved.experiment.training.batchSize} * saved.worldSize;
    if (saved.batch > 0 && savedGlobal != target.globalBatch)
        throw Error(ErrorCode::InvalidArgument,
            "the checkpoint stopped in the middle of an epoch with a global batch of " + std::to_string(savedGlobal)
                + " (" + std::to_string(saved.experiment.training.batchSize) + " x " + std::to_string(saved.worldSize)
                + " processes); resume it with that global batch, not " + std::to_string(target.globalBatch));
}

} // namespace cnnwb::engine
