// cnnwb: the command-line front end. Engine only, no Qt, so it builds and runs in a GPU container
// that has nothing but LibTorch and OpenCV.

#include "log_setup.h"

#include "cnnwb/engine.h"

#include <CLI/App.hpp>
#include <CLI/Config.hpp>
#include <CLI/Formatter.hpp>
#include <spdlog/spdlog.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>

namespace {

using namespace cnnwb;

constexpr int kExitUsage = 2; // bad arguments or bad data: the user can fix it
constexpr int kExitFailure = 1; // anything else
constexpr int kExitInterrupted = 130;

std::atomic<bool> g_interrupted {false};

extern "C" void onInterrupt(int /*signal*/)
{
    g_interrupted = true;
}

std::string versionText()
{
    const engine::VersionInfo v = engine::versionInfo();
    return "cnnwb " + v.project + " (LibTorch " + v.libtorch
        + (v.cuda.empty() ? ", CPU build" : ", CUDA build " + v.cuda) + ", OpenCV " + v.opencv + ")";
}

// Prints like the seed's loop: the mean loss of every 100 batches, then one line per epoch.
class ConsoleObserver : public engine::TrainingObserver {
public:
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
        m_runningLoss += m.loss;
        if (m.batch % kReportEvery == 0) {
            std::printf("[%d, %5d] loss: %.3f\n", m.epoch, m.batch, m_runningLoss / kReportEvery);
            std::fflush(stdout);
            m_runningLoss = 0.0;
        }
        if (m.batch == m.batchesPerEpoch)
            m_runningLoss = 0.0;
    }

    void onEpoch(const engine::EpochMetrics& m) override
    {
        std::printf("epoch %d/%d: train loss %.4f, train accuracy %.2f %%, test loss %.4f, test accuracy %.2f %%, "
                    "%.0f images/s, %.1f s\n",
            m.epoch, m_epochs, m.trainLoss, 100.0 * m.trainAccuracy, m.testLoss, 100.0 * m.testAccuracy,
            m.imagesPerSecond, m.seconds);
        std::fflush(stdout);
    }

    bool stopRequested() override { return g_interrupted.load(); }

private:
    static constexpr int kReportEvery = 100;
    double m_runningLoss = 0.0;
    int m_epochs = 0;
};

int runTrain(const std::string& dataDir, engine::TrainConfig config)
{
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
    const engine::Dataset dataset = engine::Dataset::load(dataDir);
    const engine::DatasetInfo& info = dataset.info();
    std::printf("dataset %s (%s): %zu classes, images %s\n", info.name.c_str(),
        std::string(engine::datasetFormatName(info.format)).c_str(), info.classNames.size(),
        info.shape.toString().c_str());
    ConsoleObserver observer;
    const engine::RunResult result = engine::Trainer(std::move(config)).run(dataset, &observer);
    if (!result.weightsPath.empty())
        std::printf(
            "weights saved to %s\nmetrics saved to %s\n", result.weightsPath.c_str(), result.metricsPath.c_str());
    if (result.stopped) {
        std::printf("stopped after %zu complete epoch(s)\n", result.epochs.size());
        return kExitInterrupted;
    }
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
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    app::setUpLogging({.programName = "cnnwb"});
    engine::configureThreads(0);

    CLI::App cli {"CNN Workbench command line: train and inspect convolutional networks", "cnnwb"};
    cli.set_version_flag("--version", versionText());
    cli.require_subcommand(1);

    std::string dataDir;
    engine::TrainConfig config;
    std::string outDir;
    CLI::App* train = cli.add_subcommand("train", "Train the seed CNN on a dataset and report test accuracy per epoch");
    train
        ->add_option(
            "--data", dataDir, "Dataset folder: CIFAR-10 binary, MNIST-style IDX, or ImageFolder (train/, test/)")
        ->required();
    train->add_option("--epochs", config.epochs, "Number of epochs")
        ->capture_default_str()
        ->check(CLI::Range(1, 100000));
    train->add_option("--batch-size", config.batchSize, "Images per batch")
        ->capture_default_str()
        ->check(CLI::Range(1, 65536));
    train->add_option("--lr", config.learningRate, "Adam learning rate")
        ->capture_default_str()
        ->check(CLI::Range(1e-12, 10.0));
    train->add_option("--device", config.device, "auto, cpu, cuda or cuda:K")->capture_default_str();
    train->add_option("--seed", config.seed, "Seed for initialisation and shuffling")->capture_default_str();
    train->add_option("--threads", config.threads, "CPU threads for LibTorch (0 = one per core)")
        ->capture_default_str()
        ->check(CLI::Range(0, 1024));
    train->add_option("--out", outDir, "Folder for model.pth (state dict) and metrics.csv");
    CLI::App* info
        = cli.add_subcommand("info", "Print versions and which devices can train, with the reason when CUDA cannot");

    // CLI11 would report a mistyped command as "a subcommand is required"; name it instead.
    if (argc > 1 && argv[1][0] != '-' && argv[1] != train->get_name() && argv[1] != info->get_name()) {
        std::cerr << "cnnwb: error: unknown command \"" << argv[1] << "\" (commands: train, info; see cnnwb --help)\n";
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
        if (train->parsed()) {
            config.outDir = outDir;
            return runTrain(dataDir, std::move(config));
        }
        return runInfo();
    } catch (const engine::Error& e) {
        std::cerr << "cnnwb: error: " << e.what() << '\n';
        spdlog::debug("exit on error: {}", e.what());
        return e.code() == engine::ErrorCode::Backend ? kExitFailure : kExitUsage;
    } catch (const std::exception& e) {
        std::cerr << "cnnwb: error: " << e.what() << '\n';
        spdlog::debug("exit on unexpected error: {}", e.what());
        return kExitFailure;
    }
}
