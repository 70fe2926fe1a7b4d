#include "nn/onnx/onnx-exporter.h"

#include "base/atomic-file.h"
#include "base/error.h"

#include <cmath>
#include <map>
#include <onnx/checker.h>
#include <onnx/onnx_pb.h>

namespace eesim
{

namespace
{

constexpr int kOpset = 14; // HardSwish's first

/** Builds the graph: names tensors, tracks each one's rank (ONNX's 2-D after a Gemm or
 *  Flatten, 4-D otherwise), and hands out the model's parameters in order. */
class GraphWriter
{
  public:
    GraphWriter(onnx::GraphProto& graph, std::vector<Parameter*> parameters)
        : m_graph(graph)
        , m_parameters(std::move(parameters))
    {
    }

    onnx::NodeProto* Node(const std::string& op, const std::vector<std::string>& inputs,
                          const std::string& output, int rank)
    {
        onnx::NodeProto* node = m_graph.add_node();
        node->set_op_type(op);
        node->set_name(output);
        for (const std::string& input : inputs)
        {
            node->add_input(input);
        }
        node->add_output(output);
        m_rank[output] = rank;
        return node;
    }

    int Rank(const std::string& tensor) const { return m_rank.at(tensor); }
    void SetRank(const std::string& tensor, int rank) { m_rank[tensor] = rank; }

    /** `tensor` as ONNX's (batch, features) when it is 4-D: eesim treats (F, 1, 1) as flat. */
    std::string Flat(const std::string& tensor)
    {
        if (Rank(tensor) == 2)
        {
            return tensor;
        }
        Int(Node("Flatten", { tensor }, tensor + ".flat", 2), "axis", 1);
        return tensor + ".flat";
    }

    /** `tensor` as 4-D (batch, F, 1, 1) when it is 2-D, for broadcasting against 4-D ones. */
    std::string Full(const std::string& tensor)
    {
        if (Rank(tensor) == 4)
        {
            return tensor;
        }
        const std::string shape = Integers(tensor + ".shape", { 0, -1, 1, 1 });
        Node("Reshape", { tensor, shape }, tensor + ".full", 4);
        return tensor + ".full";
    }

    /** The next parameter's values as a float initialiser of `dims`. */
    std::string Weights(const std::string& name, const std::vector<std::int64_t>& dims)
    {
        if (m_next >= m_parameters.size())
        {
            throw Error("the model has fewer parameters than its layers need");
        }
        const AlignedFloats& values = m_parameters[m_next++]->value;
        return Floats(name, dims, std::vector<float>(values.begin(), values.end()));
    }

    std::string Floats(const std::string& name, const std::vector<std::int64_t>& dims,
                       const std::vector<float>& values)
    {
        onnx::TensorProto* tensor = m_graph.add_initializer();
        tensor->set_name(name);
        tensor->set_data_type(onnx::TensorProto_DataType_FLOAT);
        for (const std::int64_t d : dims)
        {
            tensor->add_dims(d);
        }
        tensor->set_raw_data(values.data(), values.size() * sizeof(float));
        return name;
    }

    std::string Integers(const std::string& name, const std::vector<std::int64_t>& values)
    {
        onnx::TensorProto* tensor = m_graph.add_initializer();
        tensor->set_name(name);
        tensor->set_data_type(onnx::TensorProto_DataType_INT64);
        tensor->add_dims(std::int64_t(values.size()));
        tensor->set_raw_data(values.data(), values.size() * sizeof(std::int64_t));
        return name;
    }

    static void Int(onnx::NodeProto* node, const std::string& name, std::int64_t value)
    {
        onnx::AttributeProto* attribute = node->add_attribute();
        attribute->set_name(name);
        attribute->set_type(onnx::AttributeProto_AttributeType_INT);
        attribute->set_i(value);
    }

    static void Float(onnx::NodeProto* node, const std::string& name, float value)
    {
        onnx::AttributeProto* attribute = node->add_attribute();
        attribute->set_name(name);
        attribute->set_type(onnx::AttributeProto_AttributeType_FLOAT);
        attribute->set_f(value);
    }

    static void Ints(onnx::NodeProto* node, const std::string& name,
                     const std::vector<std::int64_t>& values)
    {
        onnx::AttributeProto* attribute = node->add_attribute();
        attribute->set_name(name);
        attribute->set_type(onnx::AttributeProto_AttributeType_INTS);
        for (const std::int64_t v : values)
        {
            attribute->add_ints(v);
        }
    }

    bool AllParametersUsed() const { return m_next == m_parameters.size(); }

  private:
    onnx::GraphProto& m_graph;
    std::vector<Parameter*> m_parameters;
    std::size_t m_next = 0;
    std::map<std::string, int> m_rank;
};

using Attributes = GraphWriter;

/** A square window's attributes: kernel_shape, strides, pads. */
void
WindowAttributes(onnx::NodeProto* node, const LayerSpec& spec, int defaultStride)
{
    const std::int64_t k = spec.GetInt("kernel", 1);
    const std::int64_t s = spec.GetIntOr("stride", defaultStride, 1);
    const std::int64_t p = spec.GetIntOr("padding", 0, 0);
    Attributes::Ints(node, "kernel_shape", { k, k });
    Attributes::Ints(node, "strides", { s, s });
    Attributes::Ints(node, "pads", { p, p, p, p });
}

void
WriteConv(GraphWriter& w, const LayerSpec& spec, const std::string& in, const std::string& out)
{
    const std::int64_t o = spec.GetInt("out_channels", 1);
    const std::int64_t groups = spec.GetIntOr("groups", 1, 1);
    const std::int64_t perGroup = spec.GetInt("in_channels", 1) / groups;
    const std::int64_t k = spec.GetInt("kernel", 1);
    const std::int64_t d = spec.GetIntOr("dilation", 1, 1);
    const std::string weight = w.Weights(out + ".weight", { o, perGroup, k, k });
    const std::string bias = w.Weights(out + ".bias", { o });
    onnx::NodeProto* node = w.Node("Conv", { w.Full(in), weight, bias }, out, 4);
    WindowAttributes(node, spec, 1);
    Attributes::Ints(node, "dilations", { d, d });
    Attributes::Int(node, "group", groups);
}

void
WriteLinear(GraphWriter& w, const LayerSpec& spec, const std::string& in, const std::string& out)
{
    const std::int64_t o = spec.GetInt("out_features", 1);
    const std::string weight = w.Weights(out + ".weight", { o, spec.GetInt("in_features", 1) });
    const std::string bias = w.Weights(out + ".bias", { o });
    Attributes::Int(w.Node("Gemm", { w.Flat(in), weight, bias }, out, 2), "transB", 1);
}

void
WriteBatchNorm(GraphWriter& w, const LayerSpec& spec, const std::string& in, const std::string& out)
{
    const std::int64_t c = spec.GetInt("channels", 1);
    std::vector<std::string> inputs{ w.Full(in) };
    for (const char* name : { ".scale", ".bias", ".mean", ".var" })
    {
        inputs.push_back(w.Weights(out + name, { c }));
    }
    Attributes::Float(w.Node("BatchNormalization", inputs, out, 4), "epsilon",
                      float(spec.GetOr("epsilon", 1e-5)));
}

/** x * sqrt(n / sum(x^2)) per sample, from elementary operators. */
void
WritePowerNormalize(GraphWriter& w, const std::string& in, const std::string& out,
                    std::size_t elements)
{
    const int rank = w.Rank(in);
    w.Node("Mul", { in, in }, out + ".squares", rank);
    const std::string axes
        = w.Integers(out + ".axes", rank == 2 ? std::vector<std::int64_t>{ 1 }
                                              : std::vector<std::int64_t>{ 1, 2, 3 });
    w.Node("ReduceSum", { out + ".squares", axes }, out + ".energy", rank);
    const std::string n = w.Floats(out + ".n", {}, { float(elements) });
    w.Node("Div", { n, out + ".energy" }, out + ".ratio", rank);
    w.Node("Sqrt", { out + ".ratio" }, out + ".gain", rank);
    w.Node("Mul", { in, out + ".gain" }, out, rank);
}

void
WriteElementwise(GraphWriter& w, const LayerSpec& spec, const std::vector<std::string>& in,
                 const std::string& out)
{
    bool anyFull = false;
    for (const std::string& tensor : in)
    {
        anyFull = anyFull || w.Rank(tensor) == 4;
    }
    std::vector<std::string> inputs;
    for (const std::string& tensor : in)
    {
        inputs.push_back(anyFull ? w.Full(tensor) : tensor);
    }
    const std::string op = spec.type == "add" ? "Add" : spec.type == "mul" ? "Mul" : "Concat";
    onnx::NodeProto* node = w.Node(op, inputs, out, anyFull ? 4 : 2);
    if (op == "Concat")
    {
        Attributes::Int(node, "axis", 1);
    }
}

/** Writes one layer reading `in` and computing `out`; `shape` is its (first) input's. */
void
WriteLayer(GraphWriter& w, const LayerSpec& spec, const std::vector<std::string>& in,
           const std::string& out, SampleShape shape)
{
    const std::string& x = in.front();
    const std::string& t = spec.type;
    if (t == "conv2d")
    {
        WriteConv(w, spec, x, out);
    }
    else if (t == "linear")
    {
        WriteLinear(w, spec, x, out);
    }
    else if (t == "batch_norm")
    {
        WriteBatchNorm(w, spec, x, out);
    }
    else if (t == "add" || t == "mul" || t == "concat")
    {
        WriteElementwise(w, spec, in, out);
    }
    else if (t == "power_normalize")
    {
        WritePowerNormalize(w, x, out, shape.Count());
    }
    else if (t == "flatten")
    {
        Attributes::Int(w.Node("Flatten", { x }, out, 2), "axis", 1);
    }
    else if (t == "relu" || t == "sigmoid" || t == "hard_swish")
    {
        w.Node(t == "relu"      ? "Relu"
               : t == "sigmoid" ? "Sigmoid"
                                : "HardSwish",
               { x }, out, w.Rank(x));
    }
    else if (t == "hard_sigmoid")
    {
        onnx::NodeProto* node = w.Node("HardSigmoid", { x }, out, w.Rank(x));
        Attributes::Float(node, "alpha", float(spec.GetOr("alpha", 0.2)));
        Attributes::Float(node, "beta", float(spec.GetOr("beta", 0.5)));
    }
    else if (t == "clip")
    {
        const std::string low = w.Floats(out + ".min", {}, { float(spec.GetOr("min", -3.4e38)) });
        const std::string high = w.Floats(out + ".max", {}, { float(spec.GetOr("max", 3.4e38)) });
        w.Node("Clip", { x, low, high }, out, w.Rank(x));
    }
    else if (t == "max_pool" || t == "avg_pool")
    {
        onnx::NodeProto* node
            = w.Node(t == "max_pool" ? "MaxPool" : "AveragePool", { w.Full(x) }, out, 4);
        WindowAttributes(node, spec, spec.GetInt("kernel", 1));
        Attributes::Int(node, "ceil_mode", spec.GetIntOr("ceil_mode", 0, 0));
        if (t == "avg_pool")
        {
            Attributes::Int(node, "count_include_pad", spec.GetIntOr("count_include_pad", 0, 0));
        }
    }
    else if (t == "global_avg_pool")
    {
        w.Node("GlobalAveragePool", { w.Full(x) }, out, 4);
    }
    else if (t == "pad")
    {
        const std::string pads = w.Integers(
            out + ".pads", { 0, 0, spec.GetIntOr("top", 0, 0), spec.GetIntOr("left", 0, 0), 0, 0,
                             spec.GetIntOr("bottom", 0, 0), spec.GetIntOr("right", 0, 0) });
        w.Node("Pad", { w.Full(x), pads }, out, 4);
    }
    else
    {
        throw Error("layer type '" + t + "' has no ONNX form in this eesim");
    }
}

/** Writes one layer list reading `input`; its output is named `output`. */
void
WriteList(GraphWriter& w, const std::vector<LayerSpec>& specs, SampleShape shape,
          const std::string& input, const std::string& output, const std::string& prefix)
{
    if (specs.empty())
    {
        w.Node("Identity", { input }, output, w.Rank(input));
        return;
    }
    // Shapes of each layer's first input, for the few layers whose ONNX form needs it.
    LayerGraph graph = LayerGraph::Build(specs, shape, prefix);
    const std::vector<LayerGraph::LayerShapes> shapes = graph.Shapes();
    std::vector<std::string> names;
    for (std::size_t i = 0; i < specs.size(); ++i)
    {
        std::vector<std::string> in;
        const std::vector<int> from
            = specs[i].inputs.empty() ? std::vector<int>{ int(i) - 1 } : specs[i].inputs;
        for (const int j : from)
        {
            in.push_back(j < 0 ? input : names[std::size_t(j)]);
        }
        names.push_back(i + 1 == specs.size() ? output : prefix + "." + std::to_string(i));
        WriteLayer(w, shapes[i].spec, in, names.back(), shapes[i].inputs.front());
    }
}

void
AddValue(google::protobuf::RepeatedPtrField<onnx::ValueInfoProto>* values, const std::string& name,
         const std::vector<std::int64_t>& dims)
{
    onnx::ValueInfoProto* value = values->Add();
    value->set_name(name);
    auto* tensor = value->mutable_type()->mutable_tensor_type();
    tensor->set_elem_type(onnx::TensorProto_DataType_FLOAT);
    for (const std::int64_t d : dims)
    {
        auto* dim = tensor->mutable_shape()->add_dim();
        if (d < 0)
        {
            dim->set_dim_param("batch");
        }
        else
        {
            dim->set_dim_value(d);
        }
    }
}

onnx::ModelProto
BuildModel(MultiExitModel& model)
{
    onnx::ModelProto proto;
    proto.set_ir_version(8);
    proto.set_producer_name("eesim");
    proto.set_producer_version(EESIM_VERSION);
    proto.add_opset_import()->set_version(kOpset);
    onnx::GraphProto& graph = *proto.mutable_graph();
    graph.set_name(model.Name());
    const SampleShape in = model.InputShape();
    AddValue(graph.mutable_input(), "image", { -1, in.channels, in.height, in.width });
    GraphWriter w(graph, model.Parameters());
    w.SetRank("image", 4);
    const Architecture arch = model.GetArchitecture();
    std::string trunk = "image";
    for (std::size_t k = 0; k < arch.segments.size(); ++k)
    {
        const SegmentSpec& s = arch.segments[k];
        const std::string cut = "cut" + std::to_string(k);
        const std::string exit = "exit" + std::to_string(k);
        const std::string at = "segment" + std::to_string(k);
        WriteList(w, s.body, model.SegmentInputShape(k), trunk, cut, at + ".body");
        WriteList(w, s.exit, model.SegmentOutputShape(k), cut, exit, at + ".exit");
        AddValue(graph.mutable_output(), exit, { -1, model.Classes() });
        trunk = cut;
        if (!s.encoder.empty())
        {
            WriteList(w, s.encoder, model.SegmentOutputShape(k), cut, at + ".symbols",
                      at + ".encoder");
            WriteList(w, s.decoder, model.LinkShape(k), at + ".symbols", at + ".decoded",
                      at + ".decoder");
            trunk = at + ".decoded";
        }
    }
    // Where the segments end, so that importing the file again gives the same segments.
    std::string cuts;
    for (std::size_t k = 0; k < arch.segments.size(); ++k)
    {
        cuts += (k == 0 ? "cut" : ",cut") + std::to_string(k);
    }
    onnx::StringStringEntryProto* entry = proto.add_metadata_props();
    entry->set_key("eesim.cuts");
    entry->set_value(cuts);
    if (!w.AllParametersUsed())
    {
        throw Error("the model has more parameters than its layers use");
    }
    return proto;
}

} // namespace

void
ExportOnnx(MultiExitModel& model, const std::string& path)
{
    const onnx::ModelProto proto = BuildModel(model);
    try
    {
        onnx::checker::check_model(proto);
    }
    catch (const std::exception& e)
    {
        // Our own writer's mistake, not the user's: say so.
        throw Error(path + ": the ONNX graph eesim wrote fails ONNX's checker: " + e.what(),
                    Error::Kind::kRuntime);
    }
    const std::string bytes = proto.SerializeAsString();
    WriteFileAtomically(path, "ONNX file",
                        [&](std::ostream& out)
                        { out.write(bytes.data(), std::streamsize(bytes.size())); });
}

} // namespace eesim
