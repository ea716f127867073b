// cnnwb summary: a model's layers with output shapes, parameters and MACs (as torchsummary prints),
// as JSON, or as the equivalent PyTorch module.

#include "commands.h"
#include "exit_codes.h"
#include "whole_number.h"

#include "cnnwb/engine.h"

#include <CLI/App.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>

namespace cnnwb::app {
namespace {

std::string shapeList(const std::vector<std::int64_t>& shape)
{
    std::string text = "[";
    for (std::size_t i = 0; i < shape.size(); ++i)
        text += (i ? ", " : "") + std::to_string(shape[i]);
    return text + "]";
}

void printJson(const engine::ModelSpec& spec, const engine::ModelAnalysis& analysis, int batchSize)
{
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
}

void printTable(const engine::ModelSpec& spec, const engine::ModelAnalysis& analysis, int batchSize)
{
    const std::string rule(78, '=');
    std::printf("%s\n%-28s %-22s %12s %14s\n%s\n", rule.c_str(), "Layer (type)", "Output Shape", "Param #", "MACs",
        rule.c_str());
    for (std::size_t i = 0; i < spec.layers.size(); ++i) {
        const engine::LayerAnalysis& layer = analysis.layers[i];
        const std::string name = std::string(engine::layerKindName(spec.layers[i].kind)) + "-" + std::to_string(i);
        std::printf("%-28s %-22s %12s %14s\n", name.c_str(),
            layer.outputShape.empty() ? "?" : ("[-1, " + shapeList(layer.outputShape).substr(1)).c_str(),
            engine::groupedDigits(layer.parameters).c_str(), engine::groupedDigits(layer.macs).c_str());
    }
    std::printf("%s\nTotal params: %s\nTotal MACs per image: %s\nInput: %s\n"
                "Estimated training memory at batch %d: %.1f MiB\n%s\n",
        rule.c_str(), engine::groupedDigits(analysis.parameters).c_str(), engine::groupedDigits(analysis.macs).c_str(),
        spec.input.toString().c_str(), batchSize,
        static_cast<double>(analysis.trainingMemoryBytes(batchSize)) / (1024.0 * 1024.0), rule.c_str());
}

class SummaryCommand : public Command {
public:
    [[nodiscard]] std::string name() const override { return "summary"; }
    [[nodiscard]] std::string description() const override
    {
        return "Print a model's layers with output shapes, parameters and MACs";
    }

    void addOptions(CLI::App& app) override
    {
        app.add_option("SPEC", m_specFile, "Model spec or experiment file (JSON)")->required();
        app.add_flag("--json", m_json, "Machine-readable output");
        app.add_flag("--python", m_python,
            "Print the equivalent PyTorch module instead (what the workbench's View → Show as PyTorch Code shows)");
        addWholeNumber(app, "--batch-size", m_batchSize, "Batch size for the memory estimate")
            ->capture_default_str()
            ->check(CLI::Range(1, 65536));
    }

    int run() override
    {
        const engine::ModelSpec spec = engine::loadModelSpec(m_specFile);
        if (m_python) {
            std::cout << engine::pythonCode(spec);
            return 0;
        }
        const engine::ModelAnalysis analysis = engine::analyzeModel(spec);
        if (m_json)
            printJson(spec, analysis, m_batchSize);
        else
            printTable(spec, analysis, m_batchSize);
        if (!analysis.valid()) {
            for (const engine::SpecProblem& problem : analysis.problems)
                std::cerr << "cnnwb: error: " << m_specFile << ": " << problem.message << '\n';
            return kExitUsage;
        }
        return 0;
    }

private:
    std::string m_specFile;
    bool m_json = false;
    bool m_python = false;
    int m_batchSize = 64;
};

} // namespace

std::unique_ptr<Command> makeSummaryCommand()
{
    return std::make_unique<SummaryCommand>();
}

} // namespace cnnwb::app
