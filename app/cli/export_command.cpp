// cnnwb export: a checkpoint's model as ONNX and/or a PyTorch state dict.

#include "commands.h"
#include "error_exit.h"
#include "whole_number.h"

#include "cnnwb/engine/export/checkpoint_export.h"
#include "cnnwb/engine/train/checkpoint.h"

#include <CLI/App.hpp>

#include <algorithm>
#include <cstdio>

namespace cnnwb::app {
namespace {

class ExportCommand : public Command {
public:
    [[nodiscard]] std::string name() const override { return "export"; }
    [[nodiscard]] std::string description() const override
    {
        return "Export a checkpoint's model as ONNX and/or a PyTorch state dict";
    }

    void addOptions(CLI::App& app) override
    {
        app.add_option("--checkpoint", m_checkpoint, "Checkpoint (.ckpt) written by a run")->required();
        app.add_option("--onnx", m_onnxFile, "Write the model as ONNX to this file");
        addWholeNumber(app, "--opset", m_options.opset, "ONNX opset")
            ->capture_default_str()
            ->check(CLI::Range(engine::kOnnxMinOpset, engine::kOnnxMaxOpset));
        addWholeNumber(app, "--fixed-batch", m_fixedBatch, "Fix the batch dimension to this size (default: dynamic)")
            ->check(CLI::Range(1, 65536));
        app.add_option("--pth", m_pthFile, "Write the weights as a state dict for Python's nn.Sequential");
    }

    int run() override
    {
        if (m_onnxFile.empty() && m_pthFile.empty())
            return usageError("export needs --onnx FILE and/or --pth FILE (see cnnwb export --help)");
        const engine::Checkpoint checkpoint = engine::Checkpoint::load(m_checkpoint);
        if (!m_onnxFile.empty()) {
            m_options.dynamicBatch = m_fixedBatch == 0;
            m_options.batchSize = std::max(m_fixedBatch, 1);
            engine::exportCheckpointOnnx(checkpoint, m_onnxFile, m_options);
            std::printf("ONNX (opset %d, %s batch) written to %s\n", m_options.opset,
                m_options.dynamicBatch ? "dynamic" : "fixed", m_onnxFile.c_str());
        }
        if (!m_pthFile.empty()) {
            checkpoint.saveStateDict(m_pthFile);
            std::printf("state dict written to %s\n", m_pthFile.c_str());
        }
        return 0;
    }

private:
    std::string m_checkpoint;
    std::string m_onnxFile;
    std::string m_pthFile;
    engine::OnnxOptions m_options;
    int m_fixedBatch = 0;
};

} // namespace

std::unique_ptr<Command> makeExportCommand()
{
    return std::make_unique<ExportCommand>();
}

} // namespace cnnwb::app
