// The ONNX writer sees no LibTorch: it takes plain float arrays. LibTorch carries its own copy of
// the ONNX schema (namespace onnx_torch) and protobuf, with protobuf's symbols hidden, so this file
// can use Debian's libonnx_proto + libprotobuf in the same process without clashing.
#include "cnnwb/engine/export/onnx_export.h"

#include "core/atomic_file.h"
#include "export/onnx_emitter.h"
#include "model/layer_kind.h"

#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/core/version.h"
#include "cnnwb/engine/model/model_analysis.h"

#include <onnx/onnx_pb.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <variant>

namespace cnnwb::engine {
namespace {

// The one OnnxEmitter: it writes into the graph of an onnx::ModelProto.
class GraphWriter : public OnnxEmitter {
public:
    GraphWriter(onnx::GraphProto& graph, const std::vector<NamedArray>& weights)
        : m_graph(graph)
    {
        for (const NamedArray& w : weights)
            m_weights.emplace(w.name, &w);
    }

    using OnnxEmitter::node;

    std::string weight(const std::string& name, int layer, const std::vector<std::int64_t>& expectedShape) override
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

    std::string int64s(const std::string& name, const std::vector<std::int64_t>& values) override
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

    std::string constant(const std::string& name, float value) override
    {
        if (m_added.insert(name).second) {
            onnx::TensorProto* tensor = m_graph.add_initializer();
            tensor->set_name(name);
            tensor->set_data_type(onnx::TensorProto::FLOAT);
            tensor->add_float_data(value);
        }
        return name;
    }

    std::string node(const std::string& op, const std::vector<std::string>& inputs, const std::string& output,
        const std::vector<OnnxAttribute>& attributes) override
    {
        onnx::NodeProto* n = m_graph.add_node();
        n->set_op_type(op);
        n->set_name(output);
        for (const std::string& in : inputs)
            n->add_input(in);
        n->add_output(output);
        for (const OnnxAttribute& attribute : attributes)
            addAttribute(*n, attribute);
        return output;
    }

private:
    static void addAttribute(onnx::NodeProto& n, const OnnxAttribute& attribute)
    {
        onnx::AttributeProto* a = n.add_attribute();
        a->set_name(attribute.name);
        if (const auto* value = std::get_if<std::int64_t>(&attribute.value)) {
            a->set_type(onnx::AttributeProto::INT);
            a->set_i(*value);
        } else if (const auto* real = std::get_if<float>(&attribute.value)) {
            a->set_type(onnx::AttributeProto::FLOAT);
            a->set_f(*real);
        } else {
            a->set_type(onnx::AttributeProto::INTS);
            for (const std::int64_t v : std::get<std::vector<std::int64_t>>(attribute.value))
                a->add_ints(v);
        }
    }

    onnx::GraphProto& m_graph;
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

// The options and the spec must be exportable; returns the spec's analysis.
ModelAnalysis checkExportable(const ModelSpec& spec, const OnnxOptions& options)
{
    if (options.opset < kOnnxMinOpset || options.opset > kOnnxMaxOpset)
        throw Error(ErrorCode::InvalidArgument,
            "ONNX opset " + std::to_string(options.opset) + " is not supported; choose " + std::to_string(kOnnxMinOpset)
                + " to " + std::to_string(kOnnxMaxOpset));
    if (!options.dynamicBatch && options.batchSize < 1)
        throw Error(ErrorCode::InvalidArgument, "the fixed batch size must be at least 1");
    ModelAnalysis analysis = analyzeModel(spec);
    if (!analysis.valid())
        throw Error(ErrorCode::InvalidArgument, "the model cannot be exported: " + analysis.problems.front().message,
            {{}, std::nullopt,
                analysis.problems.front().layerIndex >= 0 ? std::optional<int>(analysis.problems.front().layerIndex)
                                                          : std::nullopt});
    return analysis;
}

// The producer, the opset and the metadata whoever feeds the model needs.
void describeModel(onnx::ModelProto& model, const ModelSpec& spec, const std::vector<std::string>& classNames,
    const OnnxOptions& options)
{
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
}

} // namespace

void exportOnnx(const ModelSpec& spec, const std::vector<NamedArray>& weights,
    const std::vector<std::string>& classNames, const std::filesystem::path& file, const OnnxOptions& options)
{
    const ModelAnalysis analysis = checkExportable(spec, options);
    onnx::ModelProto model;
    describeModel(model, spec, classNames, options);

    onnx::GraphProto& graph = *model.mutable_graph();
    graph.set_name(spec.name.empty() ? "model" : spec.name);
    GraphWriter writer(graph, weights);
    setShape(*graph.add_input(), "input", options, {spec.input.channels, spec.input.height, spec.input.width});
    std::string x = "input";
    for (std::size_t i = 0; i < spec.layers.size(); ++i) {
        const OnnxLayer layer{spec.layers[i], analysis.layers[i].inputShape, x, static_cast<int>(i)};
        x = layerKindInfo(layer.spec.kind).onnx(layer, writer);
    }
    // Name the graph's output "logits" with an Identity, so it does not depend on the last layer.
    writer.node("Identity", {x}, "logits");
    setShape(*graph.add_output(), "logits", options, analysis.layers.back().outputShape);

    std::string bytes;
    if (!model.SerializeToString(&bytes))
        throw Error(ErrorCode::Backend, "the ONNX model could not be serialized", {file.string()});
    writeFileAtomically(file, bytes);
}

} // namespace cnnwb::engine
