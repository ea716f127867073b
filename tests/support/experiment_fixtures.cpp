#include "experiment_fixtures.h"

#include "fixtures.h"

#include "cnnwb/engine/data/dataset.h"
#include "cnnwb/engine/model/presets.h"
#include "cnnwb/engine/train/trainer.h"

namespace cnnwb::test {
namespace {

engine::AugmentationSpec detailedAugmentation()
{
    engine::AugmentationSpec a;
    a.crop = {.enabled = true, .padding = 3, .reflect = true, .probability = 0.75};
    a.horizontalFlip = {.enabled = true, .probability = 0.25};
    a.verticalFlip = {.enabled = true, .probability = 0.125};
    a.rotation = {.enabled = true, .degrees = 7.5, .probability = 0.5};
    a.affine = {.enabled = true, .scaleMin = 0.8, .scaleMax = 1.25, .translate = 0.05, .probability = 0.6};
    a.colorJitter
        = {.enabled = true, .brightness = 0.3, .contrast = 0.1, .saturation = 0.4, .hue = 0.02, .probability = 0.9};
    a.grayscale = {.enabled = true, .probability = 0.2};
    a.blur = {.enabled = true, .kernelSize = 5, .sigmaMin = 0.2, .sigmaMax = 1.5, .probability = 0.3};
    a.cutout
        = {.enabled = true, .areaMin = 0.05, .areaMax = 0.25, .ratioMin = 0.5, .ratioMax = 2.0, .probability = 0.4};
    a.normalize = {.enabled = true, .preset = "custom", .mean = {0.1, 0.2, 0.3}, .std = {0.4, 0.5, 0.6}};
    return a;
}

} // namespace

engine::Experiment everySettingChanged(const std::filesystem::path& dataFolder, AugmentationDetail detail)
{
    engine::Experiment e;
    e.dataFolder = dataFolder;
    // LeNet-5 for CIFAR-10-shaped images: the window fits a model to its data's shape.
    e.model = engine::adaptToDataset(engine::builtInPresets().at(1).spec, {3, 32, 32}, 10);
    e.model.name = "LeNet-5, tweaked";
    e.model.layers[0].trainable = false; // fine-tuning: the first layer frozen (--freeze-until 1)
    // Every data setting changed, none changing CIFAR-10's shape (the model is fitted to 3x32x32).
    e.data.inputSize = {32, 32};
    e.data.resize = engine::ResizePolicy::Letterbox;
    e.data.color = engine::ColorMode::Rgb;
    e.data.testShare = 0.3;
    e.data.splitSeed = 5;
    e.data.skipUnreadable = false;
    e.data.loader = engine::LoaderKind::Memory;
    e.data.memoryBudget = std::uint64_t{512} << 20;
    engine::TrainConfig& t = e.training;
    t.epochs = 3;
    t.batchSize = 16;
    t.optimizer = engine::OptimizerKind::Sgd;
    t.learningRate = 0.0123;
    t.momentum = 0.8;
    t.nesterov = true;
    t.weightDecay = 5e-4;
    t.schedule = engine::ScheduleKind::Step;
    t.warmupEpochs = 1;
    t.stepEpochs = 2;
    t.stepGamma = 0.5;
    t.labelSmoothing = 0.1;
    t.gradientClipNorm = 2.5;
    t.earlyStoppingPatience = 4;
    t.device = "cpu";
    t.precision = engine::PrecisionKind::Float32;
    t.seed = 12345;
    t.validationFraction = 0.2;
    t.validationSeed = 77;
    t.threads = 2;
    t.syncBatchNorm = true;
    t.initialWeights = "/weights/start.pth"; // not a torchvision file name: those change the normalization
    t.pretrainedLearningRateScale = 0.25;
    t.healthEvery = 7;
    t.tensorboardDir = "/runs/tensorboard";
    if (detail == AugmentationDetail::Detailed) {
        t.augmentation = detailedAugmentation();
    } else {
        t.augmentation.crop.enabled = true;
        t.augmentation.crop.padding = 2;
        t.augmentation.crop.reflect = true;
        t.augmentation.horizontalFlip.enabled = true;
        t.augmentation.cutout.enabled = true;
        t.augmentation.normalize = *engine::normalizationPreset("cifar10");
    }
    return e;
}

std::filesystem::path trainTinyRun(const std::filesystem::path& root)
{
    writeCifar10(root / "data", {.recordsPerTrainBatch = 16, .testRecords = 16, .classCount = 4});
    engine::TrainConfig config;
    config.epochs = 1;
    config.batchSize = 16;
    config.device = "cpu";
    config.threads = 1;
    config.outDir = root / "run";
    (void)engine::Trainer(config).run(engine::Dataset::load(root / "data"));
    return config.outDir / "last.ckpt";
}

} // namespace cnnwb::test
