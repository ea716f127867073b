// cnnwb evaluate: accuracy, per-class precision/recall/F1 and the confusion matrix of a checkpoint.

#include "commands.h"
#include "error_exit.h"

#include "cnnwb/engine.h"

#include <CLI/App.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>

namespace cnnwb::app {
namespace {

struct EvaluateOptions {
    std::string checkpoint;
    std::string dataDir; ///< default: the checkpoint's data folder
    std::string split = "test";
    std::string device = "auto";
    bool json = false;
};

void printReport(const engine::Predictor::Evaluation& e)
{
    const engine::ClassificationReport& r = e.report;
    std::size_t width = 5;
    for (const engine::ClassMetrics& m : r.classes)
        width = std::max(width, m.name.size());
    const int w = static_cast<int>(width);
    std::printf("%-*s %9s %9s %9s %9s\n", w, "class", "precision", "recall", "f1", "support");
    for (const engine::ClassMetrics& m : r.classes)
        std::printf("%-*s %9.4f %9.4f %9.4f %9lld\n", w, m.name.c_str(), m.precision, m.recall, m.f1,
            static_cast<long long>(m.support));
    std::printf("\nconfusion matrix (rows: true class, columns: predicted)\n%-*s", w, "");
    for (int c = 0; c < r.classCount; ++c)
        std::printf(" %6d", c);
    std::printf("\n");
    for (int row = 0; row < r.classCount; ++row) {
        std::printf("%-*s", w, r.classes[static_cast<std::size_t>(row)].name.c_str());
        for (int c = 0; c < r.classCount; ++c)
            std::printf(
                " %6lld", static_cast<long long>(r.confusion[static_cast<std::size_t>(row * r.classCount + c)]));
        std::printf("\n");
    }
}

int runEvaluate(const EvaluateOptions& command)
{
    const engine::Checkpoint checkpoint = engine::Checkpoint::load(command.checkpoint);
    const std::string dataDir
        = command.dataDir.empty() ? checkpoint.info().experiment.dataFolder.string() : command.dataDir;
    if (dataDir.empty())
        return usageError("the checkpoint names no data folder; give --data DIR");
    const engine::Dataset dataset = engine::Dataset::load(dataDir, checkpoint.info().experiment.data);
    const engine::Predictor predictor = engine::Predictor::fromCheckpoint(checkpoint, command.device);
    const engine::Split split = command.split == "train" ? engine::Split::Train : engine::Split::Test;
    const engine::Predictor::Evaluation e = predictor.evaluate(dataset, split);
    const engine::ClassificationReport& r = e.report;
    if (command.json) {
        nlohmann::json j = nlohmann::json::parse(engine::reportToJson(r));
        j["loss"] = e.loss;
        j["split"] = command.split;
        j["data"] = dataset.info().root.string();
        j["checkpoint"] = command.checkpoint;
        std::printf("%s\n", j.dump(2).c_str());
        return 0;
    }
    std::printf("%s on the %s split of %s: %lld images\n", checkpoint.info().experiment.model.name.c_str(),
        command.split.c_str(), dataset.info().name.c_str(), static_cast<long long>(r.total));
    std::printf("accuracy %.2f %%, loss %.4f, macro precision %.4f, recall %.4f, F1 %.4f\n\n", 100.0 * r.accuracy,
        e.loss, r.macroPrecision, r.macroRecall, r.macroF1);
    printReport(e);
    return 0;
}

class EvaluateCommand : public Command {
public:
    [[nodiscard]] std::string name() const override { return "evaluate"; }
    [[nodiscard]] std::string description() const override
    {
        return "Accuracy, per-class precision/recall/F1 and the confusion matrix of a checkpoint";
    }

    void addOptions(CLI::App& app) override
    {
        app.add_option("--checkpoint", m_options.checkpoint, "Checkpoint (.ckpt) to evaluate")->required();
        app.add_option("--data", m_options.dataDir, "Dataset folder (default: the one it trained on)");
        app.add_option("--split", m_options.split, "test or train")
            ->capture_default_str()
            ->check(CLI::IsMember({"test", "train"}));
        app.add_option("--device", m_options.device, "auto, cpu, cuda or cuda:K")->capture_default_str();
        app.add_flag("--json", m_options.json, "Machine-readable output");
    }

    int run() override { return runEvaluate(m_options); }

private:
    EvaluateOptions m_options;
};

} // namespace

std::unique_ptr<Command> makeEvaluateCommand()
{
    return std::make_unique<EvaluateCommand>();
}

} // namespace cnnwb::app
