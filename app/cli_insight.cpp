#include "cli_insight.h"

#include "cnnwb/engine.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <iostream>

namespace cnnwb::app {

int runEvaluate(const EvaluateCommand& command)
{
    const engine::Checkpoint checkpoint = engine::Checkpoint::load(command.checkpoint);
    const std::string dataDir
        = command.dataDir.empty() ? checkpoint.info().experiment.dataFolder.string() : command.dataDir;
    if (dataDir.empty()) {
        std::cerr << "cnnwb: error: the checkpoint names no data folder; give --data DIR\n";
        return 2;
    }
    const engine::Dataset dataset = engine::Dataset::load(dataDir);
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
    return 0;
}

int runPredict(const PredictCommand& command)
{
    const engine::Predictor predictor
        = engine::Predictor::fromCheckpoint(engine::Checkpoint::load(command.checkpoint), command.device);
    nlohmann::json all = nlohmann::json::array();
    for (const std::string& file : command.images) {
        const std::vector<std::uint8_t> image = predictor.loadImage(file);
        const std::vector<engine::ClassScore> scores = predictor.top(image.data(), command.top);
        if (command.json) {
            nlohmann::json top = nlohmann::json::array();
            for (const engine::ClassScore& s : scores)
                top.push_back({{"label", s.label}, {"class", s.name}, {"probability", s.probability}});
            all.push_back({{"image", file}, {"top", top}});
            continue;
        }
        std::printf("%s\n", file.c_str());
        for (const engine::ClassScore& s : scores)
            std::printf("  %6.2f %%  %s\n", 100.0 * s.probability, s.name.c_str());
    }
    if (command.json)
        std::printf("%s\n", all.dump(2).c_str());
    return 0;
}

} // namespace cnnwb::app
