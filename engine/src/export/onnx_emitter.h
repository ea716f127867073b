#pragma once

#include "cnnwb/engine/model/layer_spec.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace cnnwb::engine {

/// A node attribute: INT, FLOAT or INTS.
struct OnnxAttribute {
    std::string name;
    std::variant<std::int64_t, float, std::vector<std::int64_t>> value;

    [[nodiscard]] static OnnxAttribute integer(std::string name, std::int64_t value);
    [[nodiscard]] static OnnxAttribute real(std::string name, float value);
    [[nodiscard]] static OnnxAttribute ints(std::string name, std::vector<std::int64_t> values);
};

/// One layer as its kind's ONNX emitter sees it.
struct OnnxLayer {
    const LayerSpec& spec;
    const std::vector<std::int64_t>& in; ///< the input shape per sample
    std::string input;                   ///< the name of the value the layer reads
    int index = 0;

    /// "3." + suffix: names start with the layer's index, as nn.Sequential's state dict names do.
    [[nodiscard]] std::string name(std::string_view suffix) const;
};

/// What a layer kind writes an ONNX graph with, without seeing the ONNX protobuf schema (only
/// onnx_export.cpp does: its headers must stay apart from LibTorch's bundled copy).
class OnnxEmitter {
public:
    OnnxEmitter() = default;
    OnnxEmitter(const OnnxEmitter&) = delete;
    OnnxEmitter& operator=(const OnnxEmitter&) = delete;
    OnnxEmitter(OnnxEmitter&&) = delete;
    OnnxEmitter& operator=(OnnxEmitter&&) = delete;
    virtual ~OnnxEmitter() = default;

    /// Adds the named weight as an initializer (once) and returns its name. Throws
    /// Error(InvalidArgument) naming `layer` when the weights lack it or its shape differs.
    virtual std::string weight(const std::string& name, int layer, const std::vector<std::int64_t>& expectedShape) = 0;
    /// An INT64 initializer (once); returns its name.
    virtual std::string int64s(const std::string& name, const std::vector<std::int64_t>& values) = 0;
    /// A FLOAT scalar initializer (once); returns its name.
    virtual std::string constant(const std::string& name, float value) = 0;
    /// A node with one output, also its name; returns the output's name.
    virtual std::string node(const std::string& op, const std::vector<std::string>& inputs, const std::string& output,
        const std::vector<OnnxAttribute>& attributes)
        = 0;
    /// The node without attributes.
    std::string node(const std::string& op, const std::vector<std::string>& inputs, const std::string& output);

    /// A square Conv reading `prefix`weight (and `prefix`bias); output `prefix`conv.
    std::string conv(const std::string& in, const std::string& prefix, std::int64_t inChannels,
        std::int64_t outChannels, std::int64_t kernel, std::int64_t stride, std::vector<std::int64_t> pads,
        std::int64_t dilation, std::int64_t groups, bool bias, int layer);
    /// BatchNorm in its inference form from `prefix`weight, bias, running_mean, running_var.
    std::string batchNorm(const std::string& in, const std::string& prefix, std::int64_t channels, int layer);
};

} // namespace cnnwb::engine
