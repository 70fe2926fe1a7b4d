#include "nn/onnx/onnx-model.h"

#include "base/error.h"
#include "base/input-file.h"

#include <cstring>
#include <onnx/onnx_pb.h>

namespace eesim
{

namespace
{

/** The largest ONNX file read: protobuf's own message limit is 2 GiB. */
constexpr std::size_t kMaxOnnxFileBytes = std::size_t(1) << 30;

std::string
TypeName(int type)
{
    return onnx::TensorProto_DataType_IsValid(type)
               ? onnx::TensorProto_DataType_Name(onnx::TensorProto_DataType(type))
               : "type " + std::to_string(type);
}

template <typename T>
std::vector<T>
RawValues(const std::string& raw, std::size_t count, const std::string& name)
{
    if (raw.size() != count * sizeof(T))
    {
        throw Error("tensor \"" + name + "\" holds " + std::to_string(raw.size()) + " bytes for "
                    + std::to_string(count) + " values");
    }
    std::vector<T> values(count);
    std::memcpy(values.data(), raw.data(), raw.size()); // ONNX stores little-endian, as we run
    return values;
}

OnnxTensor
ConvertTensor(const onnx::TensorProto& proto)
{
    OnnxTensor tensor;
    std::uint64_t count = 1;
    for (const std::int64_t d : proto.dims())
    {
        if (d < 0 || (d > 0 && count > (std::uint64_t(1) << 40) / std::uint64_t(d)))
        {
            throw Error("tensor \"" + proto.name() + "\" has bad dimensions");
        }
        tensor.dims.push_back(d);
        count *= std::uint64_t(d);
    }
    if (proto.data_location() == onnx::TensorProto_DataLocation_EXTERNAL)
    {
        throw Error("tensor \"" + proto.name()
                    + "\" is stored in an external file (export the model as one file)");
    }
    if (proto.data_type() == onnx::TensorProto_DataType_FLOAT)
    {
        tensor.floats
            = proto.has_raw_data()
                  ? RawValues<float>(proto.raw_data(), count, proto.name())
                  : std::vector<float>(proto.float_data().begin(), proto.float_data().end());
    }
    else if (proto.data_type() == onnx::TensorProto_DataType_INT64)
    {
        tensor.isInteger = true;
        tensor.ints
            = proto.has_raw_data()
                  ? RawValues<std::int64_t>(proto.raw_data(), count, proto.name())
                  : std::vector<std::int64_t>(proto.int64_data().begin(), proto.int64_data().end());
    }
    else
    {
        throw Error("tensor \"" + proto.name() + "\" is " + TypeName(proto.data_type())
                    + "; eesim imports float32 weights (and int64 shapes) only");
    }
    if (tensor.Count() != count)
    {
        throw Error("tensor \"" + proto.name() + "\" holds " + std::to_string(tensor.Count())
                    + " values for dimensions of " + std::to_string(count));
    }
    return tensor;
}

OnnxAttribute
ConvertAttribute(const onnx::AttributeProto& proto)
{
    OnnxAttribute attribute;
    attribute.i = proto.i();
    attribute.f = proto.f();
    attribute.s = proto.s();
    attribute.ints.assign(proto.ints().begin(), proto.ints().end());
    attribute.floats.assign(proto.floats().begin(), proto.floats().end());
    if (proto.has_t())
    {
        attribute.tensor = ConvertTensor(proto.t());
    }
    return attribute;
}

std::vector<OnnxValue>
ConvertValues(const google::protobuf::RepeatedPtrField<onnx::ValueInfoProto>& values,
              const std::map<std::string, OnnxTensor>& constants)
{
    std::vector<OnnxValue> converted;
    for (const onnx::ValueInfoProto& value : values)
    {
        if (constants.count(value.name()) != 0)
        {
            continue; // older exporters list initialisers among the inputs
        }
        OnnxValue info{ value.name(), {} };
        if (value.type().has_tensor_type())
        {
            for (const auto& dim : value.type().tensor_type().shape().dim())
            {
                info.dims.push_back(dim.has_dim_value() ? dim.dim_value() : -1);
            }
        }
        converted.push_back(std::move(info));
    }
    return converted;
}

OnnxNode
ConvertNode(const onnx::NodeProto& proto, std::size_t index)
{
    OnnxNode node;
    node.name = proto.name().empty() ? "#" + std::to_string(index) : proto.name();
    node.op = proto.op_type();
    if (!proto.domain().empty() && proto.domain() != "ai.onnx")
    {
        node.op = proto.domain() + "." + node.op;
    }
    node.inputs.assign(proto.input().begin(), proto.input().end());
    node.outputs.assign(proto.output().begin(), proto.output().end());
    for (const onnx::AttributeProto& attribute : proto.attribute())
    {
        node.attributes[attribute.name()] = ConvertAttribute(attribute);
    }
    return node;
}

OnnxModel
Convert(const onnx::ModelProto& proto)
{
    OnnxModel model;
    model.producer = proto.producer_name() + " " + proto.producer_version();
    for (const auto& opset : proto.opset_import())
    {
        if (opset.domain().empty() || opset.domain() == "ai.onnx")
        {
            model.opset = opset.version();
        }
    }
    for (const auto& entry : proto.metadata_props())
    {
        model.metadata[entry.key()] = entry.value();
    }
    const onnx::GraphProto& graph = proto.graph();
    for (const onnx::TensorProto& initializer : graph.initializer())
    {
        model.constants[initializer.name()] = ConvertTensor(initializer);
    }
    for (int i = 0; i < graph.node_size(); ++i)
    {
        OnnxNode node = ConvertNode(graph.node(i), std::size_t(i));
        if (node.op == "Constant" && node.outputs.size() == 1 && node.Has("value"))
        {
            // A constant is a tensor like an initialiser; nothing computes it.
            model.constants[node.outputs[0]] = node.attributes.at("value").tensor;
            continue;
        }
        if (node.op == "Identity" && node.inputs.size() == 1 && node.outputs.size() == 1
            && model.constants.count(node.inputs[0]) != 0)
        {
            // Exporters copy shared weights this way (PyTorch, for equal folded biases).
            model.constants[node.outputs[0]] = model.constants.at(node.inputs[0]);
            continue;
        }
        model.nodes.push_back(std::move(node));
    }
    model.inputs = ConvertValues(graph.input(), model.constants);
    model.outputs = ConvertValues(graph.output(), model.constants);
    return model;
}

} // namespace

std::int64_t
OnnxNode::Int(const std::string& key, std::int64_t fallback) const
{
    const auto it = attributes.find(key);
    return it == attributes.end() ? fallback : it->second.i;
}

float
OnnxNode::Float(const std::string& key, float fallback) const
{
    const auto it = attributes.find(key);
    return it == attributes.end() ? fallback : it->second.f;
}

std::vector<std::int64_t>
OnnxNode::Ints(const std::string& key) const
{
    const auto it = attributes.find(key);
    return it == attributes.end() ? std::vector<std::int64_t>() : it->second.ints;
}

OnnxModel
OnnxModel::Read(const std::string& path)
{
    const std::string bytes = ReadInputFile(path, kMaxOnnxFileBytes, "ONNX file");
    onnx::ModelProto proto;
    if (bytes.empty() || !proto.ParseFromString(bytes) || !proto.has_graph())
    {
        throw Error(path
                    + ": not an ONNX model (it does not parse as one; truncated or another "
                      "kind of file)");
    }
    try
    {
        return Convert(proto);
    }
    catch (const Error& e)
    {
        throw Error(path + ": " + e.what());
    }
}

} // namespace eesim
