// CUDA checks that need a GPU, for the lent device machine (CI has none): device selection, the
// three precisions, augmentation through pinned memory, a NaN stop, a stop request, and recovery
// from running out of GPU memory (the process must stay usable). Engine only, no Qt, so it builds in
// the CLI-only configuration.
//   cuda_checks CIFAR10_IMAGEFOLDER [EPOCHS]
// Prints one line per check and "N failed" at the end; exits 1 if any failed, 0 with a note when
// there is no usable GPU.
#include "cnnwb/engine/core/device_info.h"
#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/data/dataset.h"
#include "cnnwb/engine/model/presets.h"
#include "cnnwb/engine/train/trainer.h"

#include <chrono>
#include <cstdio>
#include <functional>
#include <string>

using namespace cnnwb::engine;

namespace {

int g_failed = 0;

void report(bool ok, const std::string& what, const std::string& detail)
{
    std::printf("%s  %-44s %s\n", ok ? "PASS" : "FAIL", what.c_str(), detail.c_str());
    std::fflush(stdout);
    if (!ok)
        ++g_failed;
}

// Runs `body`; a thrown engine Error is turned into its message so checks can look at it.
std::string errorOf(const std::function<void()>& body, ErrorCode* code = nullptr)
{
    try {
        body();
    } catch (const Error& e) {
        if (code)
            *code = e.code();
        return e.what();
    }
    return {};
}

class StopAfter : public TrainingObserver {
public:
    StopAfter(TrainingControl& control, int batches)
        : m_control(control)
        , m_batches(batches)
    {
    }
    void onBatch(const BatchMetrics& metrics) override
    {
        m_last = metrics.batch;
        if (metrics.batch >= m_batches)
            m_control.requestStop();
    }
    int m_last = 0;

private:
    TrainingControl& m_control;
    int m_batches;
};

const Preset& preset(const std::string& id)
{
    for (const Preset& p : builtInPresets())
        if (p.id == id)
            return p;
    throw Error(ErrorCode::InvalidArgument, "no preset " + id);
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: cuda_checks CIFAR10_IMAGEFOLDER [EPOCHS]\n");
        return 2;
    }
    const int epochs = argc > 2 ? std::stoi(argv[2]) : 2;
    const DeviceInfo devices = probeDevices();
    if (!devices.cudaAvailable) {
        std::printf("no usable GPU, nothing checked: %s\n", devices.cudaUnavailableReason.c_str());
        return 0;
    }
    std::printf("GPU: %s\n", devices.gpuNames.empty() ? "?" : devices.gpuNames.front().c_str());
    report(resolveDevice("auto", devices) == "cuda:0", "auto picks cuda:0", resolveDevice("auto", devices));
    ErrorCode code{};
    const std::string missing = errorOf([&] { (void)resolveDevice("cuda:7", devices); }, &code);
    report(code == ErrorCode::Device, "cuda:7 refused with a Device error", missing);

    const auto loadStart = std::chrono::steady_clock::now();
    const Dataset data = Dataset::load(argv[1]);
    std::printf("loaded %lld + %lld images in %.1f s\n", static_cast<long long>(data.size(Split::Train)),
        static_cast<long long>(data.size(Split::Test)),
        std::chrono::duration<double>(std::chrono::steady_clock::now() - loadStart).count());

    const auto train = [&](TrainConfig config, std::optional<ModelSpec> spec = std::nullopt,
                           TrainingObserver* observer = nullptr, TrainingControl* control = nullptr) {
        config.device = "cuda";
        return Trainer(config, std::move(spec)).run(data, observer, control);
    };

    for (const PrecisionKind precision : {PrecisionKind::Float32, PrecisionKind::BFloat16, PrecisionKind::Float16}) {
        TrainConfig config;
        config.epochs = epochs;
        config.precision = precision;
        RunResult r;
        const std::string error = errorOf([&] { r = train(config); });
        const bool ok = error.empty() && r.epochs.back().testAccuracy > 0.5;
        char detail[160];
        std::snprintf(detail, sizeof detail, "seed CNN, %d epoch(s): test accuracy %.2f %%, %.0f img/s %s", epochs,
            error.empty() ? 100.0 * r.epochs.back().testAccuracy : 0.0,
            error.empty() ? r.epochs.back().imagesPerSecond : 0.0, error.c_str());
        report(ok, std::string("train on CUDA, ") + std::string(precisionName(precision)), detail);
    }
    {
        TrainConfig config;
        config.epochs = epochs;
        config.augmentation.crop.enabled = true;
        config.augmentation.horizontalFlip.enabled = true;
        RunResult r;
        const std::string error = errorOf([&] { r = train(config); });
        char detail[160];
        std::snprintf(detail, sizeof detail, "crop+flip, %d epoch(s): test accuracy %.2f %%, %.0f img/s %s", epochs,
            error.empty() ? 100.0 * r.epochs.back().testAccuracy : 0.0,
            error.empty() ? r.epochs.back().imagesPerSecond : 0.0, error.c_str());
        report(error.empty() && r.epochs.back().testAccuracy > 0.45, "augmented batches via pinned memory", detail);
    }
    {
        TrainConfig config;
        config.epochs = 1;
        config.batchSize = 128;
        config.optimizer = OptimizerKind::Sgd;
        config.learningRate = 0.1;
        config.weightDecay = 5e-4;
        config.schedule = ScheduleKind::OneCycle;
        RunResult r;
        const ModelSpec spec = adaptToDataset(preset("resnet_small").spec, data.info().shape, 10);
        const std::string error = errorOf([&] { r = train(config, spec); });
        char detail[160];
        std::snprintf(detail, sizeof detail, "1 epoch, bf16, batch 128: test accuracy %.2f %%, %.0f img/s %s",
            error.empty() ? 100.0 * r.epochs.back().testAccuracy : 0.0,
            error.empty() ? r.epochs.back().imagesPerSecond : 0.0, error.c_str());
        report(error.empty() && r.epochs.back().testAccuracy > 0.3, "resnet_small preset on CUDA", detail);
    }
    {
        TrainConfig config;
        config.learningRate = 10.0; // far too high: the weights blow up within a few steps
        config.momentum = 0.99;
        config.epochs = 3;
        config.optimizer = OptimizerKind::Sgd;
        code = {};
        const std::string error = errorOf([&] { (void)train(config); }, &code);
        report(code == ErrorCode::Diverged && error.find("batch") != std::string::npos, "NaN loss stops with its batch",
            error);
    }
    {
        TrainingControl control;
        StopAfter observer(control, 40);
        TrainConfig config;
        RunResult r;
        const std::string error = errorOf([&] { r = train(config, std::nullopt, &observer, &control); });
        report(error.empty() && r.stopped && observer.m_last < 60, "stop request honoured",
            "last batch reported " + std::to_string(observer.m_last) + " " + error);
    }
    {
        // 50,000 x 4096 x 32 x 32 activations are about 400 GB in bf16: more than any GPU has.
        ModelSpec huge = seedModelSpec(data.info().shape, 10);
        huge.layers.front().outChannels = 4096;
        TrainConfig config;
        config.batchSize = 50000;
        code = {};
        const std::string error = errorOf([&] { (void)train(config, huge); }, &code);
        report(code == ErrorCode::Device && error.find("smaller batch") != std::string::npos,
            "out of memory: Device error suggesting a smaller batch", error.substr(0, 160));
        TrainConfig small;
        small.epochs = 1;
        RunResult r;
        const std::string after = errorOf([&] { r = train(small); });
        report(after.empty() && r.epochs.back().testAccuracy > 0.45, "a normal run right after the OOM",
            after.empty() ? "accuracy " + std::to_string(100.0 * r.epochs.back().testAccuracy) + " %" : after);
    }
    std::printf("%d failed\n", g_failed);
    return g_failed == 0 ? 0 : 1;
}
