// cnnwb predict: the most likely classes of images, with probabilities.

#include "commands.h"
#include "whole_number.h"

#include "cnnwb/engine.h"

#include <CLI/App.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>

namespace cnnwb::app {
namespace {

struct PredictOptions {
    std::string checkpoint;
    std::vector<std::string> images;
    int top = 5;
    std::string device = "auto";
    bool json = false;
};

int runPredict(const PredictOptions& command)
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

class PredictCommand : public Command {
public:
    [[nodiscard]] std::string name() const override { return "predict"; }
    [[nodiscard]] std::string description() const override
    {
        return "The most likely classes of images, with probabilities";
    }

    void addOptions(CLI::App& app) override
    {
        app.add_option("--checkpoint", m_options.checkpoint, "Checkpoint (.ckpt) to predict with")->required();
        app.add_option("IMAGE", m_options.images, "Image files (PNG, JPEG, ...)")->required();
        addWholeNumber(app, "--top", m_options.top, "How many classes")
            ->capture_default_str()
            ->check(CLI::Range(1, 1000));
        app.add_option("--device", m_options.device, "auto, cpu, cuda or cuda:K")->capture_default_str();
        app.add_flag("--json", m_options.json, "Machine-readable output");
    }

    int run() override { return runPredict(m_options); }

private:
    PredictOptions m_options;
};

} // namespace

std::unique_ptr<Command> makePredictCommand()
{
    return std::make_unique<PredictCommand>();
}

} // namespace cnnwb::app
