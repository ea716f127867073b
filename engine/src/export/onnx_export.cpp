// The ONNX writer sees no LibTorch: it takes plain float arrays. LibTorch carries its own copy of
// the ONNX schema (namespace onnx_torch) and protobuf, with protobuf's symbols hidden, so this file
// can use Debian's libonnx_proto + libprotobuf in the same process without clashing.
#include "cnnwb/engine/export/onnx_export.h"

#include "core/atomic_file.h"

#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/model/model_analysis.h"
#include "cnnwb/engine/core/version.h"

#include <onnx/onnx_pb.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <map>
#include <set>

namespace cnnwb::engine {
namespace {

constexpr double kBatchNormEpsilon = 1e-5; // torch::nn::BatchNorm2d's default

class GraphWriter {
public:
    GraphWriter(onnx::GraphProto& graph, const std::vector<NamedArray>& weights, int opset)
        : m_graph(graph)
        , m_opset(opset)
    {
        for (const NamedArray& w : weights)
            m_weights.emplace(w.name, &w);
    }

    // Adds the named weight as an initializer (once) and returns its name.
    std::string weight(const std::string& name, int layer, const std::vector<std::int64_t>& expectedShape)
    {
        const auto it = m_weights.find(name);
        if (it == m_weights.end())
            throw Error(ErrorCode::InvalidArgument, "the weights have no " + name, {{}, std::nullopt, layer});
        const NamedArray& array = *it->second;
        if (array.shape != expectedShape) {
            NamedArray expected;
            expected.shape = expectedShape;
            throw Error(ErrorCode::InvalidArgument,
                name + " has shape " + array.shapeText() + " but the layer needs " + expected.shapeText(),
                {{}, std::nullopt, layer, array.shapeText() + " vs " + expected.shapeText()});
        }
        if (m_added.insert(name).second) {
            onnx::TensorProto* tensor = m_graph.add_initializer();
            tensor->set_name(name);
            tensor->set_data_type(onnx::TensorProto::FLOAT);
            for (const std::int64_t d : array.shape)
                tensor->add_dims(d);
            tensor->set_raw_data(array.values.data(), array.values.size() * sizeof(float));
        }
        return name;
    }

    std::string int64s(const std::string& name, const std::vector<std::int64_t>& values)
    {
        if (m_added.insert(name).second) {
            onnx::TensorProto* tensor = m_graph.add_initializer();
            tensor->set_name(name);
            tensor->set_data_type(onnx::TensorProto::INT64);
            tensor->add_dims(static_cast<std::int64_t>(values.size()));
            for (const std::int64_t v : values)
                tensor->add_int64_data(v);
        }
        return name;
    }

    std::string constant(const std::string& name, float value)
    {
        if (m_added.insert(name).second) {
            onnx::TensorProto* tensor = m_graph.add_initializer();
            tensor->set_name(name);
            tensor->set_data_type(onnx::TensorProto::FLOAT);
            tensor->add_float_data(value);
        }
        return name;
    }

    // A node with one output, named after the layer; returns the output's name.
    onnx::NodeProto& node(const std::string& op, const std::vector<std::string>& inputs, const std::string& output)
    {
        onnx::NodeProto* n = m_graph.add_node();
        n->set_op_type(op);
        n->set_name(output);
        for (const std::string& in : inputs)
            n->add_input(in);
        n->add_output(output);
        return *n;
    }

    static void ints(onnx::NodeProto& n, const std::string& name, const std::vector<std::int64_t>& values)
    {
        onnx::AttributeProto* a = n.add_attribute();
        a->set_name(name);
        a->set_type(onnx::AttributeProto::INTS);
        for (const std::int64_t v : values)
            a->add_ints(v);
    }
    static void integer(onnx::NodeProto& n, const std::string& name, std::int64_t value)
    {
        onnx::AttributeProto* a = n.add_attribute();
        a->set_name(name);
        a->set_type(onnx::AttributeProto::INT);
        a->set_i(value);
    }
    static void real(onnx::NodeProto& n, const std::string& name, float value)
    {
        onnx::AttributeProto* a = n.add_attribute();
        a->set_name(name);
        a->set_type(onnx::AttributeProto::FLOAT);
        a->set_f(value);
    }

    std::string conv(const std::string& in, const std::string& prefix, std::int64_t inChannels,
        std::int64_t outChannels, std::int64_t kernel, std::int64_t stride, std::vector<std::int64_t> pads,
        std::int64_t dilation, std::int64_t groups, bool bias, int layer)
    {
        std::vector<std::string> inputs
            = {in, weight(prefix + "weight", layer, {outChannels, inChannels / groups, kernel, kernel})};
        if (bias)
            inputs.push_back(weight(prefix + "bias", layer, {outChannels}));
        onnx::NodeProto& n = node("Conv", inputs, prefix + "conv");
        ints(n, "kernel_shape", {kernel, kernel});
        ints(n, "strides", {stride, stride});
        ints(n, "pads", pads);
        ints(n, "dilations", {dilation, dilation});
        integer(n, "group", groups);
        return n.output(0);
    }

    std::string batchNorm(const std::string& in, const std::string& prefix, std::int64_t channels, int layer)
    {
        onnx::NodeProto& n = node("BatchNormalization",
            {in, weight(prefix + "weight", layer, {channels}), weight(prefix + "bias", layer, {channels}),
                weight(prefix + "running_mean", layer, {channels}), weight(prefix + "running_var", layer, {channels})},
            prefix + "batchnorm");
        real(n, "epsilon", static_cast<float>(kBatchNormEpsilon));
        return n.output(0);
    }

    [[nodiscard]] int opset() const noexcept { return m_opset; }

private:
    onnx::GraphProto& m_graph;
    int m_opset;
    std::map<std::string, const NamedArray*> m_weights;
    std::set<std::string> m_added;
};

void setShape(onnx::ValueInfoProto& value, const std::string& name, const OnnxOptions& options,
    const std::vector<std::int64_t>& perSample)
{
    value.set_name(name);
    onnx::TypeProto_Tensor* tensor = value.mutable_type()->mutable_tensor_type();
    tensor->set_elem_type(onnx::TensorProto::FLOAT);
    onnx::TensorShapeProto* shape = tensor->mutable_shape();
    if (options.dynamicBatch)
        shape->add_dim()->set_dim_param("batch");
    else
        shape->add_dim()->set_dim_value(options.batchSize);
    for (const std::int64_t d : perSample)
        shape->add_dim()->set_dim_value(d);
}

} // namespace

void exportOnnx(const ModelSpec& spec, const std::vector<NamedArray>& weights,
    const std::vector<std::string>& classNames, const std::filesystem::path& file, const OnnxOptions& options)
{
    if (options.opset < kOnnxMinOpset || options.opset > kOnnxMaxOpset)
        throw Error(ErrorCode::InvalidArgument,
            "ONNX opset " + std::to_string(options.opset) + " is not supported; choose " + std::to_string(kOnnxMinOpset)
                + " to " + std::to_string(kOnnxMaxOpset));
    if (!options.dynamicBatch && options.batchSize < 1)
        throw Error(ErrorCode::InvalidArgument, "the fixed batch size must be at least 1");
    const ModelAnalysis analysis = analyzeModel(spec);
    if (!analysis.valid())
        throw Error(ErrorCode::InvalidArgument, "the model cannot be exported: " + analysis.problems.front().message,
            {{}, std::nullopt,
                analysis.problems.front().layerIndex >= 0 ? std::optional<int>(analysis.problems.front().layerIndex)
                                                          : std::nullopt});

    onnx::ModelProto model;
    model.set_ir_version(onnx::IR_VERSION);
    model.set_producer_name("CNN Workbench");
    model.set_producer_version(versionInfo().project);
    model.set_model_version(1);
    model.set_doc_string(spec.name);
    onnx::OperatorSetIdProto* opset = model.add_opset_import();
    opset->set_domain("");
    opset->set_version(options.opset);
    const auto meta = [&](const std::string& key, const std::string& value) {
        onnx::StringStringEntryProto* entry = model.add_metadata_props();
        entry->set_key(key);
        entry->set_value(value);
    };
    meta("input_shape", spec.input.toString());
    meta("class_names", nlohmann::json(classNames).dump());
    const Normalization& norm = options.normalization;
    meta("normalization",
        norm.enabled
            ? "input = (pixel / 255 - mean) / std per channel, channels in RGB order (grayscale: one channel); "
                + describe(norm, spec.input.channels)
            : "input = pixel / 255, channels in RGB order (grayscale: one channel)");
    const auto firstChannels = [&](const std::array<double, 3>& values) {
        return nlohmann::json(
            std::vector<double>(values.begin(), values.begin() + std::clamp(spec.input.channels, 1, 3)));
    };
    meta("mean", norm.enabled ? firstChannels(norm.mean).dump() : "[0]");
    meta("std", norm.enabled ? firstChannels(norm.std).dump() : "[1]");
    meta("model_name", spec.name);

    onnx::GraphProto& graph = *model.mutable_graph();
    graph.set_name(spec.name.empty() ? "model" : spec.name);
    GraphWriter w(graph, weights, options.opset);
    setShape(*graph.add_input(), "input", options, {spec.input.channels, spec.input.height, spec.input.width});

    std::string x = "input";
    for (std::size_t i = 0; i < spec.layers.size(); ++i) {
        const LayerSpec& l = spec.layers[i];
        const int layer = static_cast<int>(i);
        const std::vector<std::int64_t>& in = analysis.layers[i].inputShape;
        const std::vector<std::int64_t>& out = analysis.layers[i].outputShape;
        const std::string p = std::to_string(i) + ".";
        switch (l.kind) {
        case LayerKind::Conv2d: {
            std::vector<std::int64_t> pads(4, l.padding);
            if (l.samePadding) {
                // PyTorch's "same": total padding dilation*(k-1), the odd pixel on the bottom/right.
                const std::int64_t total = std::int64_t{l.dilation} * (l.kernel - 1);
                pads = {total / 2, total / 2, total - total / 2, total - total / 2};
            }
            x = w.conv(x, p, in[0], l.outChannels, l.kernel, l.stride, pads, l.dilation, l.groups, l.bias, layer);
            break;
        }
        case LayerKind::BatchNorm2d:
            x = w.batchNorm(x, p, in[0], layer);
            break;
        case LayerKind::ReLU:
            x = w.node("Relu", {x}, p + "relu").output(0);
            break;
        case LayerKind::LeakyReLU: {
            onnx::NodeProto& n = w.node("LeakyRelu", {x}, p + "leaky_relu");
            GraphWriter::real(n, "alpha", static_cast<float>(l.negativeSlope));
            x = n.output(0);
            break;
        }
        case LayerKind::GELU: {
            // Gelu is an operator only from opset 20: the exact (erf) form, as nn.GELU() computes it.
            const std::string scaled
                = w.node("Div", {x, w.constant("sqrt2", std::sqrt(2.0F))}, p + "gelu_div").output(0);
            const std::string erf = w.node("Erf", {scaled}, p + "gelu_erf").output(0);
            const std::string plus = w.node("Add", {erf, w.constant("one", 1.0F)}, p + "gelu_add").output(0);
            const std::string half = w.node("Mul", {x, w.constant("half", 0.5F)}, p + "gelu_half").output(0);
            x = w.node("Mul", {half, plus}, p + "gelu").output(0);
            break;
        }
        case LayerKind::SiLU: {
            const std::string sigmoid = w.node("Sigmoid", {x}, p + "silu_sigmoid").output(0);
            x = w.node("Mul", {x, sigmoid}, p + "silu").output(0);
            break;
        }
        case LayerKind::Sigmoid:
            x = w.node("Sigmoid", {x}, p + "sigmoid").output(0);
            break;
        case LayerKind::Tanh:
            x = w.node("Tanh", {x}, p + "tanh").output(0);
            break;
        case LayerKind::MaxPool2d: {
            const std::int64_t stride = l.stride == 0 ? l.kernel : l.stride;
            onnx::NodeProto& n = w.node("MaxPool", {x}, p + "maxpool");
            GraphWriter::ints(n, "kernel_shape", {l.kernel, l.kernel});
            GraphWriter::ints(n, "strides", {stride, stride});
            GraphWriter::ints(n, "pads", std::vector<std::int64_t>(4, l.padding));
            x = n.output(0);
            break;
        }
        case LayerKind::AvgPool2d: {
            // nn.AvgPool2d counts the zero padding in each window's average (count_include_pad).
            // An explicit zero Pad before an unpadded AveragePool says the same thing, and readers
            // that ignore count_include_pad (OpenCV 4.6's importer) compute it right too.
            const std::int64_t stride = l.stride == 0 ? l.kernel : l.stride;
            if (l.padding > 0) {
                const std::int64_t q = l.padding; // opset >= 11: the pads are an input, not an attribute
                x = w.node("Pad", {x, w.int64s(p + "pads", {0, 0, q, q, 0, 0, q, q})}, p + "avgpool_pad").output(0);
            }
            onnx::NodeProto& n = w.node("AveragePool", {x}, p + "avgpool");
            GraphWriter::ints(n, "kernel_shape", {l.kernel, l.kernel});
            GraphWriter::ints(n, "strides", {stride, stride});
            x = n.output(0);
            break;
        }
        case LayerKind::AdaptiveAvgPool2d: {
            if (l.outputSize == 1) {
                x = w.node("GlobalAveragePool", {x}, p + "global_avgpool").output(0);
                break;
            }
            // Equal windows only: then it is a plain average pool. Uneven windows (PyTorch
            // overlaps them) have no single ONNX operator.
            if (in[1] % l.outputSize != 0 || in[2] % l.outputSize != 0)
                throw Error(ErrorCode::InvalidArgument,
                    "AdaptiveAvgPool2d to " + std::to_string(l.outputSize) + "x" + std::to_string(l.outputSize)
                        + " of a " + std::to_string(in[1]) + "x" + std::to_string(in[2])
                        + " map has uneven windows, which ONNX cannot express; choose an output size that divides it",
                    {{}, std::nullopt, layer});
            const std::int64_t kh = in[1] / l.outputSize;
            const std::int64_t kw = in[2] / l.outputSize;
            onnx::NodeProto& n = w.node("AveragePool", {x}, p + "adaptive_avgpool");
            GraphWriter::ints(n, "kernel_shape", {kh, kw});
            GraphWriter::ints(n, "strides", {kh, kw});
            x = n.output(0);
            break;
        }
        case LayerKind::Dropout:
        case LayerKind::Dropout2d:
            break; // identity at inference
        case LayerKind::Flatten: {
            onnx::NodeProto& n = w.node("Flatten", {x}, p + "flatten");
            GraphWriter::integer(n, "axis", 1);
            x = n.output(0);
            break;
        }
        case LayerKind::Linear: {
            std::vector<std::string> inputs = {x, w.weight(p + "weight", layer, {l.outChannels, in[0]})};
            if (l.bias)
                inputs.push_back(w.weight(p + "bias", layer, {l.outChannels}));
            onnx::NodeProto& n = w.node("Gemm", inputs, p + "linear");
            GraphWriter::integer(n, "transB", 1);
            x = n.output(0);
            break;
        }
        case LayerKind::ResidualBlock: {
            const std::int64_t c = l.outChannels;
            std::string y = w.conv(x, p + "conv1.", in[0], c, 3, l.stride, {1, 1, 1, 1}, 1, 1, false, layer);
            y = w.batchNorm(y, p + "bn1.", c, layer);
            y = w.node("Relu", {y}, p + "relu1").output(0);
            y = w.conv(y, p + "conv2.", c, c, 3, 1, {1, 1, 1, 1}, 1, 1, false, layer);
            y = w.batchNorm(y, p + "bn2.", c, layer);
            std::string shortcut = x;
            if (l.stride != 1 || in[0] != c) {
                shortcut = w.conv(x, p + "shortcut.0.", in[0], c, 1, l.stride, {0, 0, 0, 0}, 1, 1, false, layer);
                shortcut = w.batchNorm(shortcut, p + "shortcut.1.", c, layer);
            }
            const std::string sum = w.node("Add", {y, shortcut}, p + "add").output(0);
            x = w.node("Relu", {sum}, p + "relu2").output(0);
            break;
        }
        }
        (void)out;
    }
    // Name the graph's output "logits" with an Identity, so it does not depend on the last layer.
    w.node("Identity", {x}, "logits");
    setShape(*graph.add_output(), "logits", options, analysis.layers.back().outputShape);

    std::string bytes;
    if (!model.SerializeToString(&bytes))
        throw Error(ErrorCode::Backend, "the ONNX model could not be serialized", {file.string()});
    writeFileAtomically(file, bytes);
}

} // namespace cnnwb::engine
