// cnnwb: the command-line front end. Engine only, no Qt, so it builds and runs in a GPU container
// that has nothing but LibTorch and OpenCV.

#include "cli_insight.h"
#include "cli_preview.h"
#include "log_setup.h"

#include "cnnwb/engine.h"
#include "cnnwb/engine/data/download/dataset_download.h"

#include <CLI/App.hpp>
#include <CLI/Config.hpp>
#include <CLI/Formatter.hpp>
#include <nlohmann/json.hpp>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/spdlog.h>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <thread>

namespace {

// One process per core share: torchrun sets OMP_NUM_THREADS (1 by default with several processes),
// otherwise the node's cores are split between its processes.
int threadsPerRank()
{
    if (const char* omp = std::getenv("OMP_NUM_THREADS"); omp != nullptr && std::atoi(omp) > 0)
        return std::atoi(omp);
    int local = 1;
    if (const char* n = std::getenv("LOCAL_WORLD_SIZE"); n != nullptr && std::atoi(n) > 0)
        local = std::atoi(n);
    else if (const char* tasks = std::getenv("SLURM_NTASKS_PER_NODE"); tasks != nullptr && std::atoi(tasks) > 0)
        local = std::atoi(tasks);
    const auto cores = static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
    return std::max(1, cores / local);
}

using namespace cnnwb;

constexpr int kExitUsage = 2;   // bad arguments or bad data: the user can fix it
constexpr int kExitFailure = 1; // anything else
constexpr int kExitInterrupted = 130;

std::atomic<bool> g_interrupted{false};

extern "C" void onInterrupt(int /*signal*/)
{
    g_interrupted = true;
}

std::string versionText()
{
    const engine::VersionInfo v = engine::versionInfo();
    return "cnnwb " + v.project + (v.gitCommit.empty() ? "" : " (" + v.gitCommit + ")") + "\n" + v.librariesText();
}

// Prints like the seed's loop: the mean loss of every 100 batches, then one line per epoch.
class ConsoleObserver : public engine::TrainingObserver {
public:
    explicit ConsoleObserver(bool progressBar)
        : m_progressBar(progressBar)
    {
    }

    void onRunStarted(const engine::RunInfo& info) override
    {
        std::printf("training on %s: %lld train / %lld test images, %d batches per epoch, %lld parameters\n",
            info.deviceName.c_str(), static_cast<long long>(info.trainCount), static_cast<long long>(info.testCount),
            info.batchesPerEpoch, static_cast<long long>(info.parameterCount));
        m_epochs = info.epochs;
        std::fflush(stdout);
    }

    void onBatch(const engine::BatchMetrics& m) override
    {
        // The signal handler only sets a flag; the stop request is made here, on the training thread.
        if (g_interrupted.load() && m_control != nullptr)
            m_control->requestStop();
        m_runningLoss += m.loss;
        if (m.batch % kReportEvery == 0) {
            clearBar();
            std::printf("[%d, %5d] loss: %.3f\n", m.epoch, m.batch, m_runningLoss / kReportEvery);
            m_runningLoss = 0.0;
        }
        if (m.batch == m.batchesPerEpoch)
            m_runningLoss = 0.0;
        drawBar(m);
        std::fflush(stdout);
    }

    void onEpoch(const engine::EpochMetrics& m) override
    {
        clearBar();
        std::printf("epoch %d/%d: train loss %.4f, train accuracy %.2f %%, test loss %.4f, test accuracy %.2f %%, "
                    "%.0f images/s, %.1f s\n",
            m.epoch, m_epochs, m.trainLoss, 100.0 * m.trainAccuracy, m.testLoss, 100.0 * m.testAccuracy,
            m.imagesPerSecond, m.seconds);
        if (m.epoch <= m_epochsFromCheckpoint)
            std::printf("  (trained before, from the checkpoint)\n");
        std::fflush(stdout);
    }

    void onFinished(const engine::RunResult& /*result*/) override { clearBar(); }

    void setControl(engine::TrainingControl* control) { m_control = control; }
    /// A resumed run reports the checkpoint's epochs first; they are marked as such.
    void setEpochsFromCheckpoint(int epochs) { m_epochsFromCheckpoint = epochs; }

private:
    // On a terminal: one line redrawn in place, at most 10 times a second.
    void drawBar(const engine::BatchMetrics& m)
    {
        if (!m_progressBar)
            return;
        const auto now = std::chrono::steady_clock::now();
        if (m.batch != m.batchesPerEpoch && now - m_lastDraw < std::chrono::milliseconds(100))
            return;
        m_lastDraw = now;
        constexpr int kWidth = 30;
        const int filled = m.batch * kWidth / std::max(1, m.batchesPerEpoch);
        std::printf("\r\033[Kepoch %d/%d [%s%s] %d/%d loss %.3f  %.0f img/s", m.epoch, m_epochs,
            std::string(static_cast<std::size_t>(filled), '#').c_str(),
            std::string(static_cast<std::size_t>(kWidth - filled), '.').c_str(), m.batch, m.batchesPerEpoch, m.loss,
            m.imagesPerSecond);
        m_barShown = true;
    }

    void clearBar()
    {
        if (m_barShown)
            std::printf("\r\033[K");
        m_barShown = false;
    }

    engine::TrainingControl* m_control = nullptr;
    int m_epochsFromCheckpoint = 0;
    static constexpr int kReportEvery = 100;
    double m_runningLoss = 0.0;
    int m_epochs = 0;
    bool m_progressBar;
    bool m_barShown = false;
    std::chrono::steady_clock::time_point m_lastDraw{};
};

int runTrain(const std::string& dataDir, engine::TrainConfig config, std::optional<engine::ModelSpec> model,
    std::optional<engine::Checkpoint> resume, int distributedTimeout)
{
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
    // torchrun or srun: this process is one rank of a data-parallel run (docs/distributed.md).
    std::optional<engine::DistributedSetup> distributed = engine::detectDistributedLaunch();
    if (distributed && distributedTimeout > 0)
        distributed->timeout = std::chrono::seconds(distributedTimeout);
    if (distributed && distributed->distributed()) {
        if (config.threads == 0)
            config.threads = threadsPerRank();
        if (distributed->rank != 0) {
            // Rank 0 speaks for the run; the others only warn and fail, marked with their rank.
            if (std::freopen("/dev/null", "w", stdout) == nullptr)
                spdlog::warn("could not silence rank {}'s standard output", distributed->rank);
            // Rank 0 alone writes the log file; the others' warnings and errors go to their stderr,
            // which torchrun and Slurm keep per rank.
            spdlog::apply_all([&](const std::shared_ptr<spdlog::logger>& logger) {
                auto& sinks = logger->sinks();
                sinks.erase(std::remove_if(sinks.begin(), sinks.end(),
                                [](const spdlog::sink_ptr& sink) {
                                    return std::dynamic_pointer_cast<spdlog::sinks::rotating_file_sink_mt>(sink)
                                        != nullptr;
                                }),
                    sinks.end());
                logger->set_pattern("[rank " + std::to_string(distributed->rank) + "] [%n] [%l] %v");
            });
        }
    }
    const engine::Dataset dataset = engine::Dataset::load(dataDir);
    const engine::DatasetInfo& info = dataset.info();
    if (config.augmentation.any())
        std::printf("augmentation: %s\n", engine::describe(config.augmentation).c_str());
    std::printf("dataset %s (%s): %zu classes, images %s\n", info.name.c_str(),
        std::string(engine::datasetFormatName(info.format)).c_str(), info.classNames.size(),
        info.shape.toString().c_str());
    if (!(config.augmentation.normalize == engine::Normalization{}))
        std::printf(
            "normalization: %s\n", engine::describe(config.augmentation.normalize, info.shape.channels).c_str());
    if (config.validationFraction > 0.0)
        std::printf("evaluating on %.0f %% of train held out (seed %llu), not on the test split\n",
            config.validationFraction * 100.0, static_cast<unsigned long long>(config.validationSeed));
    ConsoleObserver observer(::isatty(STDOUT_FILENO) == 1);
    engine::TrainingControl control;
    observer.setControl(&control);
    engine::Trainer trainer(std::move(config), std::move(model));
    trainer.setEnvironment({{"front_end", "cnnwb"}});
    if (distributed) {
        std::printf("distributed: %s\n", distributed->describe().c_str());
        trainer.setDistributed(*distributed);
    }
    if (resume) {
        std::printf("resuming from %s\n", resume->info().describePosition().c_str());
        const int world = distributed ? distributed->worldSize : 1;
        const engine::CheckpointInfo& saved = resume->info();
        if (saved.worldSize != world && trainer.config().batchSize == saved.experiment.training.batchSize)
            std::printf("the checkpoint trained on %d process(es) with a batch of %d each: continuing on %d with its "
                        "global batch of %d\n",
                saved.worldSize, saved.experiment.training.batchSize, world,
                saved.experiment.training.batchSize * saved.worldSize);
        observer.setEpochsFromCheckpoint(static_cast<int>(resume->info().history.size()));
        trainer.resumeFrom(std::move(*resume));
    }
    const engine::RunResult result = trainer.run(dataset, &observer, &control);
    if (!result.weightsPath.empty())
        std::printf("weights saved to %s\nmetrics saved to %s\ncheckpoint (to resume) saved to %s\n",
            result.weightsPath.c_str(), result.metricsPath.c_str(), result.lastCheckpointPath.c_str());
    if (result.earlyStopped)
        std::printf(
            "early stop: best test accuracy %.2f %% in epoch %d\n", 100.0 * result.bestTestAccuracy, result.bestEpoch);
    if (result.stopped) {
        std::printf("stopped after %zu complete epoch(s)\n", result.epochs.size());
        return kExitInterrupted;
    }
    return 0;
}

// Re-runs a run from its manifest and compares the epochs with the original's (from its last.ckpt).
int runReproduce(const std::filesystem::path& runDir, std::string outDir, const std::string& dataOverride,
    const std::string& deviceOverride)
{
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
    const engine::RunManifest manifest = engine::loadRunManifest(runDir / "manifest.json");
    const engine::VersionInfo now = engine::versionInfo();
    const engine::VersionInfo& then = manifest.versions;
    const std::pair<const char*, std::pair<std::string, std::string>> versions[]
        = {{"CNN Workbench", {then.project + " " + then.gitCommit, now.project + " " + now.gitCommit}},
            {"LibTorch", {then.libtorch, now.libtorch}}, {"cuDNN", {then.cudnn, now.cudnn}},
            {"OpenCV", {then.opencv, now.opencv}}};
    for (const auto& [what, pair] : versions)
        if (pair.first != pair.second)
            std::printf("note: %s was %s, now %s\n", what, pair.first.c_str(), pair.second.c_str());

    engine::TrainConfig config = manifest.experiment.training;
    config.threads = manifest.cpuThreads; // on the CPU, results depend on the thread count
    if (manifest.worldSize > 1) {
        config.batchSize *= manifest.worldSize;
        std::printf("note: the run trained data-parallel on %d processes (%s); reproducing it in one process with "
                    "its global batch of %d\n",
            manifest.worldSize, manifest.distributedBackend.c_str(), config.batchSize);
    }
    config.device = deviceOverride.empty() ? manifest.device : deviceOverride;
    config.outDir = outDir.empty() ? runDir.string() + "-reproduced" : outDir;
    const std::filesystem::path dataFolder
        = dataOverride.empty() ? manifest.experiment.dataFolder : std::filesystem::path(dataOverride);
    const engine::Dataset dataset = engine::Dataset::load(dataFolder);
    const engine::DatasetIdentity identity = engine::identifyDataset(dataset);
    if (identity.fingerprint != manifest.dataset.fingerprint)
        throw engine::Error(engine::ErrorCode::InvalidArgument,
            "the data differs from the run's: " + identity.describe() + " [" + identity.fingerprint + "] instead of "
                + manifest.dataset.describe() + " [" + manifest.dataset.fingerprint
                + "]; pass the original with --data",
            {dataFolder.string()});
    std::printf("reproducing %s: %s on %s, %d epoch(s), seed %llu, into %s\n", runDir.c_str(),
        manifest.experiment.model.name.c_str(), manifest.dataset.describe().c_str(), config.epochs,
        static_cast<unsigned long long>(config.seed), config.outDir.c_str());

    ConsoleObserver observer(::isatty(STDOUT_FILENO) == 1);
    engine::TrainingControl control;
    observer.setControl(&control);
    engine::Trainer trainer(config, manifest.experiment.model);
    trainer.setEnvironment({{"front_end", "cnnwb reproduce"}, {"reproduces", runDir.string()}});
    const engine::RunResult result = trainer.run(dataset, &observer, &control);

    std::vector<engine::EpochMetrics> original;
    if (std::filesystem::exists(runDir / "last.ckpt"))
        original = engine::Checkpoint::load(runDir / "last.ckpt").info().history;
    if (original.empty()) {
        std::printf("the original run left no checkpoint to compare with\n");
        return 0;
    }
    std::printf("\n%-7s %-24s %-24s\n", "epoch", "test accuracy then/now", "train loss then/now");
    double largest = 0.0;
    for (std::size_t i = 0; i < original.size() && i < result.epochs.size(); ++i) {
        const engine::EpochMetrics& a = original[i];
        const engine::EpochMetrics& b = result.epochs[i];
        std::printf("%-7d %6.2f %% / %6.2f %%      %.6f / %.6f\n", a.epoch, 100.0 * a.testAccuracy,
            100.0 * b.testAccuracy, a.trainLoss, b.trainLoss);
        largest = std::max({largest, std::abs(a.trainLoss - b.trainLoss), std::abs(a.testLoss - b.testLoss),
            std::abs(a.testAccuracy - b.testAccuracy)});
    }
    if (largest == 0.0)
        std::printf("identical: every compared loss and accuracy matches bit for bit\n");
    else
        std::printf("differs by up to %.3g (expected across devices, library versions or GPU runs)\n", largest);
    return result.stopped ? kExitInterrupted : 0;
}

std::string grouped(std::int64_t value) // 1234567 -> "1,234,567", as torchsummary prints
{
    std::string digits = std::to_string(value);
    for (int i = static_cast<int>(digits.size()) - 3; i > (value < 0 ? 1 : 0); i -= 3)
        digits.insert(static_cast<std::size_t>(i), ",");
    return digits;
}

std::string shapeList(const std::vector<std::int64_t>& shape)
{
    std::string text = "[";
    for (std::size_t i = 0; i < shape.size(); ++i)
        text += (i ? ", " : "") + std::to_string(shape[i]);
    return text + "]";
}

int runSummary(const std::string& specFile, bool asJson, int batchSize)
{
    const engine::ModelSpec spec = engine::loadModelSpec(specFile);
    const engine::ModelAnalysis analysis = engine::analyzeModel(spec);
    if (asJson) {
        nlohmann::json j;
        j["name"] = spec.name;
        j["input"] = {spec.input.channels, spec.input.height, spec.input.width};
        j["valid"] = analysis.valid();
        j["layers"] = nlohmann::json::array();
        for (std::size_t i = 0; i < spec.layers.size(); ++i) {
            const engine::LayerAnalysis& layer = analysis.layers[i];
            j["layers"].push_back({{"index", i}, {"type", std::string(engine::layerKindName(spec.layers[i].kind))},
                {"output_shape", layer.outputShape}, {"parameters", layer.parameters}, {"macs", layer.macs}});
        }
        j["total_parameters"] = analysis.parameters;
        j["total_macs"] = analysis.macs;
        j["training_memory_bytes"] = analysis.trainingMemoryBytes(batchSize);
        j["batch_size"] = batchSize;
        j["problems"] = nlohmann::json::array();
        for (const engine::SpecProblem& problem : analysis.problems)
            j["problems"].push_back({{"layer", problem.layerIndex}, {"message", problem.message}});
        std::cout << j.dump(2) << '\n';
    } else {
        const std::string rule(78, '=');
        std::printf("%s\n%-28s %-22s %12s %14s\n%s\n", rule.c_str(), "Layer (type)", "Output Shape", "Param #", "MACs",
            rule.c_str());
        for (std::size_t i = 0; i < spec.layers.size(); ++i) {
            const engine::LayerAnalysis& layer = analysis.layers[i];
            const std::string name = std::string(engine::layerKindName(spec.layers[i].kind)) + "-" + std::to_string(i);
            std::printf("%-28s %-22s %12s %14s\n", name.c_str(),
                layer.outputShape.empty() ? "?" : ("[-1, " + shapeList(layer.outputShape).substr(1)).c_str(),
                grouped(layer.parameters).c_str(), grouped(layer.macs).c_str());
        }
        std::printf("%s\nTotal params: %s\nTotal MACs per image: %s\nInput: %s\n"
                    "Estimated training memory at batch %d: %.1f MiB\n%s\n",
            rule.c_str(), grouped(analysis.parameters).c_str(), grouped(analysis.macs).c_str(),
            spec.input.toString().c_str(), batchSize,
            static_cast<double>(analysis.trainingMemoryBytes(batchSize)) / (1024.0 * 1024.0), rule.c_str());
    }
    if (!analysis.valid()) {
        for (const engine::SpecProblem& problem : analysis.problems)
            std::cerr << "cnnwb: error: " << specFile << ": " << problem.message << '\n';
        return kExitUsage;
    }
    return 0;
}

// Draws "cifar-10-binary.tar.gz  45.2 / 170.1 MB  (12.3 MB/s)" on stderr: redrawn in place at most
// four times a second on a terminal, otherwise one line a second (a log should not get thousands).
class DownloadMeter {
public:
    explicit DownloadMeter(bool terminal)
        : m_terminal(terminal)
    {
    }

    void update(const engine::DownloadProgress& p)
    {
        if (p.received == 0 && p.total < 0)
            return; // still connecting: nothing worth a line yet
        const auto now = std::chrono::steady_clock::now();
        const bool done = p.total >= 0 && p.received == p.total;
        const bool newFile = p.fileName != m_fileName;
        if (!newFile && !(done && !m_doneShown)
            && now - m_lastDraw < (m_terminal ? std::chrono::milliseconds(250) : std::chrono::milliseconds(1000)))
            return;
        if (newFile)
            finish();
        m_fileName = p.fileName;
        m_lastDraw = now;
        m_doneShown = done;
        // Sizes in SI megabytes, or kilobytes for files under one megabyte.
        const double unit = (p.total >= 0 ? p.total : p.received) >= 1000000 ? 1e6 : 1e3;
        const char* unitName = unit == 1e6 ? "MB" : "kB";
        std::string text = p.fileName + "  " + format(static_cast<double>(p.received) / unit);
        if (p.total >= 0)
            text += " / " + format(static_cast<double>(p.total) / unit);
        text += std::string(" ") + unitName + "  (" + format(p.bytesPerSecond / 1e6) + " MB/s)";
        if (m_terminal) {
            std::fprintf(stderr, "\r\033[K%s", text.c_str());
            m_lineOpen = true;
        } else {
            std::fprintf(stderr, "%s\n", text.c_str());
        }
        std::fflush(stderr);
    }

    /// Ends the line redrawn in place, so that what follows starts on its own line.
    void finish()
    {
        if (m_lineOpen)
            std::fputc('\n', stderr);
        m_lineOpen = false;
    }

private:
    static std::string format(double value)
    {
        char text[32];
        std::snprintf(text, sizeof text, "%.1f", value);
        return text;
    }

    bool m_terminal;
    bool m_lineOpen = false;
    bool m_doneShown = false;
    std::string m_fileName;
    std::chrono::steady_clock::time_point m_lastDraw{};
};

int runDownload(const std::string& id, const std::string& toDir, const std::string& mirror)
{
    std::optional<engine::DownloadSpec> spec = engine::findDownload(id);
    if (!spec) {
        std::string ids;
        for (const engine::DownloadSpec& known : engine::downloadCatalog())
            ids += (ids.empty() ? "" : ", ") + known.id;
        std::cerr << "cnnwb: error: unknown dataset \"" << id << "\" (available: " << ids << ")\n";
        return kExitUsage;
    }
    if (!mirror.empty())
        spec = engine::withMirror(std::move(*spec), mirror);
    // Without --to, the folder the workbench looks in, so that its default experiment finds the data.
    const std::filesystem::path target = toDir.empty() ? engine::defaultDataDir() : std::filesystem::path(toDir);
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
    std::fprintf(stderr, "%s into %s\n", spec->displayName.c_str(), target.c_str());
    DownloadMeter meter(::isatty(STDERR_FILENO) == 1);
    std::filesystem::path folder;
    try {
        folder = engine::downloadDataset(*spec, target, [&](const engine::DownloadProgress& p) {
            meter.update(p);
            return !g_interrupted.load();
        });
    } catch (const engine::Error&) {
        meter.finish();
        if (g_interrupted.load()) {
            std::cerr << "cnnwb: download stopped; run the same command again to resume it\n";
            return kExitInterrupted;
        }
        throw;
    }
    meter.finish();
    std::fprintf(
        stderr, "%s is ready; train on it with: cnnwb train --data %s\n", spec->displayName.c_str(), folder.c_str());
    // stdout gets the folder alone, so that a script can write DATA=$(cnnwb download cifar10 --to d).
    std::printf("%s\n", folder.c_str());
    return 0;
}

int runInfo()
{
    std::printf("%s\n", versionText().c_str());
    const engine::DeviceInfo devices = engine::probeDevices();
    std::printf("default device: %s\n", devices.defaultDeviceDescription().c_str());
    for (std::size_t i = 0; i < devices.gpuNames.size(); ++i)
        std::printf("  cuda:%zu  %s\n", i, devices.gpuNames[i].c_str());
    if (!devices.cudaAvailable)
        std::printf("CUDA not usable: %s\n", devices.cudaUnavailableReason.c_str());
    std::string backends;
    for (const std::string& name : engine::distributedBackends())
        backends += (backends.empty() ? "" : ", ") + name + (name == "nccl" ? " (CUDA)" : " (CPU)");
    std::printf("data-parallel training: %s; start it with torchrun or srun (docs/distributed.md)\n",
        backends.empty() ? "not in this build" : backends.c_str());
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    app::setUpLogging({.programName = "cnnwb"});
    engine::configureThreads(0);

    CLI::App cli{"CNN Workbench command line: train and inspect convolutional networks", "cnnwb"};
    cli.set_version_flag("--version", versionText());
    cli.require_subcommand(1);

    std::string dataDir;
    std::string experimentFile;
    std::string modelFile;
    engine::TrainConfig config;
    std::string outDir;
    CLI::App* train = cli.add_subcommand("train",
        "Train a model (the seed CNN unless told otherwise) and report test "
        "accuracy per epoch");
    CLI::Option* dataOption = train->add_option("--data", dataDir,
        "Dataset folder: CIFAR-10 or CIFAR-100 binary, MNIST-style IDX, or ImageFolder (train/, test/)");
    train->add_option("--experiment", experimentFile,
        "Experiment file saved by the workbench (model, data, training); other options override it");
    train->add_option("--model", modelFile, "Model spec (JSON) to train instead of the seed CNN");
    CLI::Option* epochsOption = train->add_option("--epochs", config.epochs, "Number of epochs")
                                    ->capture_default_str()
                                    ->check(CLI::Range(1, 100000));
    CLI::Option* batchOption = train->add_option("--batch-size", config.batchSize, "Images per batch")
                                   ->capture_default_str()
                                   ->check(CLI::Range(1, 65536));
    CLI::Option* lrOption = train->add_option("--lr", config.learningRate, "Adam learning rate")
                                ->capture_default_str()
                                ->check(CLI::Range(1e-12, 10.0));
    CLI::Option* deviceOption
        = train->add_option("--device", config.device, "auto, cpu, cuda or cuda:K")->capture_default_str();
    CLI::Option* seedOption
        = train->add_option("--seed", config.seed, "Seed for initialisation and shuffling")->capture_default_str();
    CLI::Option* threadsOption
        = train->add_option("--threads", config.threads, "CPU threads for LibTorch (0 = one per core)")
              ->capture_default_str()
              ->check(CLI::Range(0, 1024));
    std::string optimizerName = "adam";
    std::string scheduleName = "constant";
    std::string precisionName = "auto";
    CLI::Option* optimizerOption = train->add_option("--optimizer", optimizerName, "sgd, adam or adamw")
                                       ->capture_default_str()
                                       ->check(CLI::IsMember({"sgd", "adam", "adamw"}));
    CLI::Option* momentumOption = train->add_option("--momentum", config.momentum, "SGD momentum")
                                      ->capture_default_str()
                                      ->check(CLI::Range(0.0, 0.999));
    CLI::Option* nesterovOption = train->add_flag("--nesterov", config.nesterov, "Nesterov momentum (SGD)");
    CLI::Option* decayOption = train->add_option("--weight-decay", config.weightDecay, "Weight decay")
                                   ->capture_default_str()
                                   ->check(CLI::Range(0.0, 1.0));
    CLI::Option* scheduleOption = train->add_option("--schedule", scheduleName, "constant, step, cosine or onecycle")
                                      ->capture_default_str()
                                      ->check(CLI::IsMember({"constant", "step", "cosine", "onecycle"}));
    CLI::Option* warmupOption = train->add_option("--warmup-epochs", config.warmupEpochs, "Linear warm-up epochs")
                                    ->capture_default_str()
                                    ->check(CLI::Range(0, 100000));
    CLI::Option* smoothingOption = train->add_option("--label-smoothing", config.labelSmoothing, "Label smoothing")
                                       ->capture_default_str()
                                       ->check(CLI::Range(0.0, 0.99));
    CLI::Option* clipOption
        = train->add_option("--clip-grad", config.gradientClipNorm, "Clip the gradient norm (0 = off)")
              ->capture_default_str()
              ->check(CLI::Range(0.0, 1e9));
    CLI::Option* patienceOption = train
                                      ->add_option("--early-stopping", config.earlyStoppingPatience,
                                          "Stop after this many epochs without a better test accuracy (0 = off)")
                                      ->capture_default_str()
                                      ->check(CLI::Range(0, 100000));
    CLI::Option* precisionOption
        = train->add_option("--precision", precisionName, "CUDA arithmetic: auto, fp32, bf16, fp16")
              ->capture_default_str()
              ->check(CLI::IsMember({"auto", "fp32", "bf16", "fp16"}));
    std::vector<std::string> augmentOps;
    CLI::Option* augmentOption
        = train
              ->add_option("--augment", augmentOps,
                  "Training augmentation ops with their default settings: crop, hflip, vflip, rotate, affine, "
                  "jitter, gray, blur, cutout (an experiment or --augment-file sets them in detail)")
              ->delimiter(',')
              ->check(CLI::IsMember(kAugmentOps));
    std::string augmentFile;
    CLI::Option* augmentFileOption = train->add_option("--augment-file", augmentFile,
        "Augmentation and normalization spec (JSON, as in an experiment's \"augmentation\")");
    std::string normalizePreset;
    CLI::Option* normalizeOption = train
                                       ->add_option("--normalize", normalizePreset,
                                           "Normalization: half, cifar10, cifar100, mnist, "
                                           "fashion-mnist, imagenet, none")
                                       ->check(CLI::IsMember(normalizeChoices()));
    train->add_flag("--sync-batchnorm", config.syncBatchNorm,
        "Distributed runs: BatchNorm statistics over the global batch, not each process's share");
    int distributedTimeout = 0;
    train
        ->add_option("--dist-timeout", distributedTimeout,
            "Distributed runs: seconds to wait for another process before failing (default 300, or "
            "$CNNWB_DIST_TIMEOUT)")
        ->check(CLI::Range(1, 86400));
    CLI::Option* validationOption
        = train
              ->add_option("--validation-fraction", config.validationFraction,
                  "Evaluate on this fraction of train (held out per class, seeded) instead of the test split")
              ->check(CLI::Range(0.0, 0.9));
    train->add_option("--crop-padding", config.augmentation.crop.padding, "Padding of the random crop")
        ->capture_default_str()
        ->check(CLI::Range(0, 64));
    train->add_flag("--crop-reflect", config.augmentation.crop.reflect, "Pad the random crop by reflection, not zeros");
    train->add_option(
        "--out", outDir, "Folder for model.pth (state dict), metrics.csv and the checkpoints last.ckpt and best.ckpt");
    std::string resumeFile;
    train->add_option("--resume", resumeFile,
        "Continue the run saved in this checkpoint (its model, data and settings unless given here); "
        "--epochs is the total to reach");

    app::EvaluateCommand evaluateOptions;
    CLI::App* evaluate = cli.add_subcommand(
        "evaluate", "Accuracy, per-class precision/recall/F1 and the confusion matrix of a checkpoint");
    evaluate->add_option("--checkpoint", evaluateOptions.checkpoint, "Checkpoint (.ckpt) to evaluate")->required();
    evaluate->add_option("--data", evaluateOptions.dataDir, "Dataset folder (default: the one it trained on)");
    evaluate->add_option("--split", evaluateOptions.split, "test or train")
        ->capture_default_str()
        ->check(CLI::IsMember({"test", "train"}));
    evaluate->add_option("--device", evaluateOptions.device, "auto, cpu, cuda or cuda:K")->capture_default_str();
    evaluate->add_flag("--json", evaluateOptions.json, "Machine-readable output");
    app::PredictCommand predictOptions;
    CLI::App* predict = cli.add_subcommand("predict", "The most likely classes of images, with probabilities");
    predict->add_option("--checkpoint", predictOptions.checkpoint, "Checkpoint (.ckpt) to predict with")->required();
    predict->add_option("IMAGE", predictOptions.images, "Image files (PNG, JPEG, ...)")->required();
    predict->add_option("--top", predictOptions.top, "How many classes")
        ->capture_default_str()
        ->check(CLI::Range(1, 1000));
    predict->add_option("--device", predictOptions.device, "auto, cpu, cuda or cuda:K")->capture_default_str();
    predict->add_flag("--json", predictOptions.json, "Machine-readable output");

    PreviewCommand previewOptions;
    CLI::App* preview = cli.add_subcommand("preview",
        "Write the augmentation preview grid (what the workbench's Data page shows) of training images as PNG");
    preview->add_option("--data", previewOptions.dataDir, "Dataset folder");
    preview->add_option("--experiment", previewOptions.experimentFile,
        "Experiment file: its data folder, augmentation, normalization and seed");
    preview->add_option("--augment", previewOptions.augmentFile,
        "Augmentation spec (JSON; an experiment file works too); default: the experiment's, else crop + flip");
    preview->add_option("--ops", previewOptions.ops, "Or name ops with default settings: crop, hflip, ...")
        ->delimiter(',')
        ->check(CLI::IsMember(kAugmentOps));
    preview->add_option("--seed", previewOptions.seed, "Training seed (the randomness training will use)");
    preview->add_option("--epoch", previewOptions.epoch, "Which epoch's randomness to show")->capture_default_str();
    preview->add_option("--pick", previewOptions.pick, "Which images: another number picks others")
        ->capture_default_str();
    preview->add_option("--grid", previewOptions.grid, "Columns x rows")->capture_default_str();
    preview->add_flag("--same-image", previewOptions.sameImage, "Every tile shows one image's variations");
    preview->add_flag("--original", previewOptions.showOriginal, "Each tile shows the original beside it");
    preview->add_option("--zoom", previewOptions.zoom, "Screen pixels per image pixel (0 = automatic)")
        ->check(CLI::Range(0, 32));
    preview->add_option("--out", previewOptions.out, "PNG file to write")->required();

    std::string specFile;
    bool summaryJson = false;
    int summaryBatch = 64;
    CLI::App* summary = cli.add_subcommand("summary", "Print a model's layers with output shapes, parameters and MACs");
    summary->add_option("SPEC", specFile, "Model spec or experiment file (JSON)")->required();
    summary->add_flag("--json", summaryJson, "Machine-readable output");
    bool summaryPython = false;
    summary->add_flag("--python", summaryPython,
        "Print the equivalent PyTorch module instead (what the workbench's View → Show as PyTorch Code shows)");
    summary->add_option("--batch-size", summaryBatch, "Batch size for the memory estimate")
        ->capture_default_str()
        ->check(CLI::Range(1, 65536));

    std::string exportCheckpoint;
    std::string exportOnnxFile;
    std::string exportPthFile;
    engine::OnnxOptions onnxOptions;
    int fixedBatch = 0;
    CLI::App* exporter
        = cli.add_subcommand("export", "Export a checkpoint's model as ONNX and/or a PyTorch state dict");
    exporter->add_option("--checkpoint", exportCheckpoint, "Checkpoint (.ckpt) written by a run")->required();
    exporter->add_option("--onnx", exportOnnxFile, "Write the model as ONNX to this file");
    exporter->add_option("--opset", onnxOptions.opset, "ONNX opset")
        ->capture_default_str()
        ->check(CLI::Range(engine::kOnnxMinOpset, engine::kOnnxMaxOpset));
    exporter->add_option("--fixed-batch", fixedBatch, "Fix the batch dimension to this size (default: dynamic)")
        ->check(CLI::Range(1, 65536));
    exporter->add_option("--pth", exportPthFile, "Write the weights as a state dict for Python's nn.Sequential");

    std::string reproduceDir;
    std::string reproduceOut;
    std::string reproduceData;
    std::string reproduceDevice;
    CLI::App* reproduce = cli.add_subcommand(
        "reproduce", "Run a training again from its folder's manifest.json and compare the results");
    reproduce->add_option("RUN_DIR", reproduceDir, "The run's folder (it holds manifest.json)")->required();
    reproduce->add_option("--out", reproduceOut, "Where the new run goes (default: RUN_DIR-reproduced)");
    reproduce->add_option("--data", reproduceData, "The dataset, if it has moved (its checksum must match)");
    reproduce->add_option("--device", reproduceDevice, "Another device than the original's");

    std::string downloadId;
    std::string downloadTo;
    std::string downloadMirror;
    CLI::App* download = cli.add_subcommand("download",
        "Download CIFAR-10, CIFAR-100 or Fashion-MNIST from their canonical addresses (resumes an interrupted "
        "transfer, checks the MD5) and print the folder to train on");
    download->add_option("DATASET", downloadId, "cifar10, cifar100 or fashion-mnist")->required();
    download->add_option("--to", downloadTo, "Folder to put it in (default: the workbench's data folder)");
    download
        ->add_option("--mirror", downloadMirror,
            "Fetch the files from this base URL instead of their canonical addresses (same file names)")
        ->group("Advanced");

    CLI::App* cluster = cli.add_subcommand("cluster",
        "Write an experiment with a torchrun script and a Slurm batch script that train it data-parallel "
        "(docs/distributed.md)");
    std::string clusterExperiment;
    std::string clusterFolder;
    engine::ClusterLaunch launch;
    cluster->add_option("--experiment", clusterExperiment, "Experiment file to train")->required();
    cluster->add_option("--to", clusterFolder, "Folder to write experiment.json, torchrun.sh and slurm.sbatch into")
        ->required();
    cluster->add_option("--nodes", launch.nodes, "Nodes")->capture_default_str();
    cluster->add_option("--gpus-per-node", launch.gpusPerNode, "GPUs (processes) per node")->capture_default_str();
    cluster->add_option("--cpus-per-gpu", launch.cpusPerGpu, "CPU cores per GPU, for loading and augmentation")
        ->capture_default_str();
    cluster->add_option("--time", launch.timeLimit, "Slurm time limit, [days-]hours:minutes:seconds")
        ->capture_default_str();
    cluster->add_option("--partition", launch.partition, "Slurm partition");
    cluster->add_option("--account", launch.account, "Slurm account");
    cluster->add_option("--job-name", launch.jobName, "Slurm job name")->capture_default_str();
    cluster->add_option(
        "--data", launch.dataFolder, "The data folder as the cluster sees it (default: the experiment's)");
    cluster->add_option("--container", launch.containerImage, "Apptainer image to run cnnwb in");
    cluster->add_option("--port", launch.masterPort, "Rendezvous port on the first node")->capture_default_str();

    CLI::App* info
        = cli.add_subcommand("info", "Print versions and which devices can train, with the reason when CUDA cannot");

    // CLI11 would report a mistyped command as "a subcommand is required"; name it instead.
    if (argc > 1 && argv[1][0] != '-' && argv[1] != train->get_name() && argv[1] != info->get_name()
        && argv[1] != summary->get_name() && argv[1] != exporter->get_name() && argv[1] != reproduce->get_name()
        && argv[1] != download->get_name() && argv[1] != preview->get_name() && argv[1] != evaluate->get_name()
        && argv[1] != predict->get_name() && argv[1] != cluster->get_name()) {
        std::cerr << "cnnwb: error: unknown command \"" << argv[1]
                  << "\" (commands: train, evaluate, predict, reproduce, summary, export, preview, download, info; see "
                     "cnnwb --help)\n";
        return kExitUsage;
    }
    try {
        cli.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
        std::cout << cli.help();
        return 0;
    } catch (const CLI::CallForVersion&) {
        std::cout << versionText() << '\n';
        return 0;
    } catch (const CLI::ParseError& e) {
        // One line, then a pointer to the help: never a usage dump the user has to read through.
        std::cerr << "cnnwb: error: " << e.what() << " (see cnnwb --help)\n";
        return kExitUsage;
    }

    try {
        if (summary->parsed()) {
            if (summaryPython) {
                std::cout << engine::pythonCode(engine::loadModelSpec(specFile));
                return 0;
            }
            return runSummary(specFile, summaryJson, summaryBatch);
        }
        if (download->parsed())
            return runDownload(downloadId, downloadTo, downloadMirror);
        if (cluster->parsed()) {
            const auto files
                = engine::writeClusterLaunch(engine::loadExperiment(clusterExperiment), launch, clusterFolder);
            for (const auto& file : files)
                std::printf("wrote %s\n", file.c_str());
            std::printf("\nOn a Slurm cluster, from that folder:  sbatch slurm.sbatch\nOn one machine with %d GPU(s):  "
                        "bash torchrun.sh\n",
                launch.gpusPerNode);
            return 0;
        }
        if (reproduce->parsed())
            return runReproduce(reproduceDir, reproduceOut, reproduceData, reproduceDevice);
        if (exporter->parsed()) {
            if (exportOnnxFile.empty() && exportPthFile.empty()) {
                std::cerr << "cnnwb: error: export needs --onnx FILE and/or --pth FILE (see cnnwb export --help)\n";
                return kExitUsage;
            }
            const engine::Checkpoint checkpoint = engine::Checkpoint::load(exportCheckpoint);
            const engine::CheckpointInfo& saved = checkpoint.info();
            if (!exportOnnxFile.empty()) {
                onnxOptions.dynamicBatch = fixedBatch == 0;
                onnxOptions.batchSize = std::max(fixedBatch, 1);
                onnxOptions.normalization = saved.experiment.training.augmentation.normalize;
                engine::exportOnnx(saved.experiment.model, checkpoint.weights(), saved.dataset.classNames,
                    exportOnnxFile, onnxOptions);
                std::printf("ONNX (opset %d, %s batch) written to %s\n", onnxOptions.opset,
                    onnxOptions.dynamicBatch ? "dynamic" : "fixed", exportOnnxFile.c_str());
            }
            if (!exportPthFile.empty()) {
                checkpoint.saveStateDict(exportPthFile);
                std::printf("state dict written to %s\n", exportPthFile.c_str());
            }
            return 0;
        }
        if (evaluate->parsed())
            return app::runEvaluate(evaluateOptions);
        if (predict->parsed())
            return app::runPredict(predictOptions);
        if (preview->parsed())
            return runPreview(previewOptions);
        if (train->parsed()) {
            if (!augmentFile.empty())
                config.augmentation = engine::augmentationFromJson(readText(augmentFile), augmentFile);
            enableOps(config.augmentation, augmentOps);
            if (!normalizePreset.empty())
                applyNormalizePreset(config.augmentation.normalize, normalizePreset);
            engine::parseOptimizer(optimizerName, config.optimizer);
            engine::parseSchedule(scheduleName, config.schedule);
            engine::parsePrecision(precisionName, config.precision);
            std::optional<engine::ModelSpec> model;
            std::optional<engine::Checkpoint> resume;
            std::optional<engine::Experiment> base;
            if (!resumeFile.empty()) {
                resume = engine::Checkpoint::load(resumeFile);
                base = resume->info().experiment;
            }
            if (!experimentFile.empty())
                base = engine::loadExperiment(experimentFile);
            if (base) {
                // The experiment (or the checkpoint's) gives the defaults; options given on the command line win.
                const engine::Experiment& experiment = *base;
                model = experiment.model;
                const engine::TrainConfig given = config;
                config = experiment.training;
                if (dataOption->count() == 0)
                    dataDir = experiment.dataFolder.string();
                if (epochsOption->count() > 0)
                    config.epochs = given.epochs;
                if (batchOption->count() > 0)
                    config.batchSize = given.batchSize;
                if (lrOption->count() > 0)
                    config.learningRate = given.learningRate;
                if (deviceOption->count() > 0)
                    config.device = given.device;
                if (seedOption->count() > 0)
                    config.seed = given.seed;
                const std::pair<CLI::Option*, void (*)(engine::TrainConfig&, const engine::TrainConfig&)> overrides[]
                    = {
                        {threadsOption, [](auto& c, const auto& g) { c.threads = g.threads; }},
                        {optimizerOption, [](auto& c, const auto& g) { c.optimizer = g.optimizer; }},
                        {momentumOption, [](auto& c, const auto& g) { c.momentum = g.momentum; }},
                        {nesterovOption, [](auto& c, const auto& g) { c.nesterov = g.nesterov; }},
                        {decayOption, [](auto& c, const auto& g) { c.weightDecay = g.weightDecay; }},
                        {scheduleOption, [](auto& c, const auto& g) { c.schedule = g.schedule; }},
                        {warmupOption, [](auto& c, const auto& g) { c.warmupEpochs = g.warmupEpochs; }},
                        {smoothingOption, [](auto& c, const auto& g) { c.labelSmoothing = g.labelSmoothing; }},
                        {clipOption, [](auto& c, const auto& g) { c.gradientClipNorm = g.gradientClipNorm; }},
                        {patienceOption,
                            [](auto& c, const auto& g) { c.earlyStoppingPatience = g.earlyStoppingPatience; }},
                        {precisionOption, [](auto& c, const auto& g) { c.precision = g.precision; }},
                        {augmentOption, [](auto& c, const auto& g) { c.augmentation = g.augmentation; }},
                        {augmentFileOption, [](auto& c, const auto& g) { c.augmentation = g.augmentation; }},
                        {normalizeOption,
                            [](auto& c, const auto& g) { c.augmentation.normalize = g.augmentation.normalize; }},
                        {validationOption, [](auto& c, const auto& g) { c.validationFraction = g.validationFraction; }},
                        {train->get_option("--sync-batchnorm"),
                            [](auto& c, const auto& g) { c.syncBatchNorm = g.syncBatchNorm; }},
                    };
                for (const auto& [option, apply] : overrides)
                    if (option->count() > 0)
                        apply(config, given);
            }
            if (!modelFile.empty())
                model = engine::loadModelSpec(modelFile);
            if (dataDir.empty()) {
                std::cerr << "cnnwb: error: train needs --data DIR or --experiment FILE (see cnnwb train --help)\n";
                return kExitUsage;
            }
            config.outDir = outDir;
            return runTrain(dataDir, std::move(config), std::move(model), std::move(resume), distributedTimeout);
        }
        return runInfo();
    } catch (const engine::Error& e) {
        std::cerr << "cnnwb: error: " << e.what() << '\n';
        spdlog::debug("exit on error: {}", e.what());
        return e.code() == engine::ErrorCode::Backend || e.code() == engine::ErrorCode::Distributed ? kExitFailure
                                                                                                    : kExitUsage;
    } catch (const std::exception& e) {
        std::cerr << "cnnwb: error: " << e.what() << '\n';
        spdlog::debug("exit on unexpected error: {}", e.what());
        return kExitFailure;
    }
}
