#include "nn/onnx/onnx-translator.h"

#include "base/error.h"
#include "nn/onnx/onnx-patterns.h"

#include <algorithm>
#include <functional>
#include <limits>
#include <map>

namespace eesim
{

namespace
{

/** The layers made so far for one section, and which layer computes each tensor. */
class Translation
{
  public:
    Translation(const OnnxModel& model, const OnnxSection& section)
        : m_model(model)
    {
        m_layerOf[section.input] = -1;
        for (const std::size_t n : section.nodes)
        {
            for (const std::string& input : model.nodes[n].inputs)
            {
                ++m_readers[input];
            }
        }
    }

    const OnnxModel& Model() const { return m_model; }
    std::vector<ImportedLayer>& Layers() { return m_layers; }

    bool IsConstant(const std::string& tensor) const
    {
        return m_model.constants.count(tensor) != 0;
    }

    const OnnxTensor& Constant(const OnnxNode& node, std::size_t input) const
    {
        if (input >= node.inputs.size() || !IsConstant(node.inputs[input]))
        {
            throw Error("input " + std::to_string(input) + " must be a constant (weights)");
        }
        const OnnxTensor& tensor = m_model.constants.at(node.inputs[input]);
        if (tensor.isInteger)
        {
            throw Error("input " + std::to_string(input) + " holds int64 values, not float32");
        }
        return tensor;
    }

    /** Adds a layer reading `inputs` (tensor names) and computing `output`. */
    void Add(LayerSpec spec, std::vector<std::vector<float>> values,
             const std::vector<std::string>& inputs, const std::string& output)
    {
        for (const std::string& input : inputs)
        {
            const auto it = m_layerOf.find(input);
            if (it == m_layerOf.end())
            {
                throw Error("reads \"" + input + "\", which this part of the network lacks");
            }
            spec.inputs.push_back(it->second);
        }
        m_layers.push_back({ std::move(spec), std::move(values) });
        m_layerOf[output] = int(m_layers.size()) - 1;
    }

    /** `output` is `input` (a node that changes nothing at inference). */
    void Alias(const std::string& output, const std::string& input)
    {
        const auto it = m_layerOf.find(input);
        if (it == m_layerOf.end())
        {
            throw Error("reads \"" + input + "\", which this part of the network lacks");
        }
        m_layerOf[output] = it->second;
    }

    /** True when the list's output -- its last layer's, or its input without layers -- is
     *  `tensor`. */
    bool Ends(const std::string& tensor) const
    {
        const auto it = m_layerOf.find(tensor);
        return it != m_layerOf.end() && it->second == int(m_layers.size()) - 1;
    }

    int Readers(const std::string& tensor) const
    {
        const auto it = m_readers.find(tensor);
        return it == m_readers.end() ? 0 : it->second;
    }

  private:
    const OnnxModel& m_model;
    std::vector<ImportedLayer> m_layers;
    std::map<std::string, int> m_layerOf;
    std::map<std::string, int> m_readers;
};

LayerSpec
Spec(const std::string& type, std::vector<std::pair<std::string, double>> attributes = {})
{
    return { type, std::move(attributes) };
}

/** A square, equal-strided window: kernel, stride, dilation and the four pads (t, l, b, r). */
struct Window
{
    int kernel = 1;
    int stride = 1;
    int dilation = 1;
    std::vector<std::int64_t> pads{ 0, 0, 0, 0 };

    bool Symmetric() const
    {
        return pads[0] == pads[1] && pads[1] == pads[2] && pads[2] == pads[3];
    }
};

Window
WindowOf(const OnnxNode& node, std::vector<std::int64_t> kernel)
{
    if (node.Has("kernel_shape"))
    {
        kernel = node.Ints("kernel_shape");
    }
    const std::string autoPad = node.Has("auto_pad") ? node.attributes.at("auto_pad").s : "NOTSET";
    if (autoPad != "NOTSET" && autoPad != "VALID")
    {
        throw Error("auto_pad " + autoPad + " is not supported (export with explicit pads)");
    }
    auto pair = [&](const std::string& key, std::int64_t fallback)
    {
        std::vector<std::int64_t> values = node.Ints(key);
        if (values.empty())
        {
            values = { fallback, fallback };
        }
        if (values.size() != 2 || values[0] != values[1] || values[0] < 1 || values[0] > 1000000)
        {
            throw Error(key + " must be two equal positive values (square windows only)");
        }
        return int(values[0]);
    };
    Window window;
    window.kernel = pair("kernel_shape", kernel.empty() ? 0 : kernel[0]);
    if (kernel.size() != 2 || kernel[0] != kernel[1])
    {
        throw Error("kernel_shape must be square");
    }
    window.stride = pair("strides", 1);
    window.dilation = pair("dilations", 1);
    if (node.Has("pads"))
    {
        window.pads = node.Ints("pads"); // ONNX: top, left, bottom, right
        if (window.pads.size() != 4)
        {
            throw Error("pads must have four values");
        }
    }
    return window;
}

void
AddPad(Translation& t, const std::vector<std::int64_t>& pads, const std::string& input,
       const std::string& output)
{
    t.Add(Spec("pad", { { "top", double(pads[0]) },
                        { "left", double(pads[1]) },
                        { "bottom", double(pads[2]) },
                        { "right", double(pads[3]) } }),
          {}, { input }, output);
}

void
TranslateConv(const OnnxNode& node, Translation& t)
{
    const OnnxTensor& weight = t.Constant(node, 1);
    if (weight.dims.size() != 4)
    {
        throw Error("the weight must be 4-D (2-D convolutions only)");
    }
    Window window = WindowOf(node, { weight.dims[2], weight.dims[3] });
    std::string input = node.inputs[0];
    if (!window.Symmetric())
    {
        AddPad(t, window.pads, input, node.outputs[0] + "#padded");
        input = node.outputs[0] + "#padded";
        window.pads = { 0, 0, 0, 0 };
    }
    const auto out = std::size_t(weight.dims[0]);
    std::vector<float> bias = node.inputs.size() > 2 && !node.inputs[2].empty()
                                  ? t.Constant(node, 2).floats
                                  : std::vector<float>(out, 0.0F);
    t.Add(Spec("conv2d", { { "out_channels", double(out) },
                           { "kernel", window.kernel },
                           { "stride", window.stride },
                           { "padding", double(window.pads[0]) },
                           { "dilation", window.dilation },
                           { "groups", double(node.Int("group", 1)) } }),
          { weight.floats, bias }, { input }, node.outputs[0]);
}

std::vector<float>
Transposed(const std::vector<float>& values, std::size_t rows, std::size_t cols)
{
    std::vector<float> transposed(values.size());
    for (std::size_t r = 0; r < rows; ++r)
    {
        for (std::size_t c = 0; c < cols; ++c)
        {
            transposed[c * rows + r] = values[r * cols + c];
        }
    }
    return transposed;
}

void
TranslateGemm(const OnnxNode& node, Translation& t)
{
    if (node.Int("transA", 0) != 0 || node.Float("alpha", 1.0F) != 1.0F
        || node.Float("beta", 1.0F) != 1.0F)
    {
        throw Error("only Gemm with transA = 0 and alpha = beta = 1 is supported");
    }
    const OnnxTensor& b = t.Constant(node, 1);
    if (b.dims.size() != 2)
    {
        throw Error("the weight must be 2-D");
    }
    const bool transposed = node.Int("transB", 0) != 0;
    const auto out = std::size_t(transposed ? b.dims[0] : b.dims[1]);
    const auto in = std::size_t(transposed ? b.dims[1] : b.dims[0]);
    std::vector<float> weight = transposed ? b.floats : Transposed(b.floats, in, out);
    std::vector<float> bias = node.inputs.size() > 2 && !node.inputs[2].empty()
                                  ? t.Constant(node, 2).floats
                                  : std::vector<float>(out, 0.0F);
    if (bias.size() != out)
    {
        throw Error("the bias must have one value per output");
    }
    t.Add(Spec("linear", { { "out_features", double(out) } }), { weight, bias }, { node.inputs[0] },
          node.outputs[0]);
}

void
TranslateMatMul(const OnnxNode& node, Translation& t)
{
    const OnnxTensor& w = t.Constant(node, 1);
    if (w.dims.size() != 2)
    {
        throw Error("the weight must be 2-D");
    }
    const auto in = std::size_t(w.dims[0]);
    const auto out = std::size_t(w.dims[1]);
    t.Add(Spec("linear", { { "out_features", double(out) } }),
          { Transposed(w.floats, in, out), std::vector<float>(out, 0.0F) }, { node.inputs[0] },
          node.outputs[0]);
}

/** Add of two computed tensors is a residual add; Add of a constant vector right after a
 *  MatMul read by nothing else is that linear layer's bias. */
void
TranslateAdd(const OnnxNode& node, Translation& t)
{
    if (node.inputs.size() != 2)
    {
        throw Error("Add needs two inputs");
    }
    const bool leftConstant = t.IsConstant(node.inputs[0]);
    const bool rightConstant = t.IsConstant(node.inputs[1]);
    if (!leftConstant && !rightConstant)
    {
        t.Add(Spec("add"), {}, node.inputs, node.outputs[0]);
        return;
    }
    const std::string& computed = leftConstant ? node.inputs[1] : node.inputs[0];
    auto& layers = t.Layers();
    const OnnxTensor& bias = t.Constant(node, leftConstant ? 0 : 1);
    if (layers.empty() || layers.back().spec.type != "linear" || t.Readers(computed) != 1
        || bias.floats.size() != layers.back().values[1].size())
    {
        throw Error("Add of a constant is supported only as the bias right after a MatMul");
    }
    std::vector<float>& target = layers.back().values[1];
    for (std::size_t i = 0; i < target.size(); ++i)
    {
        target[i] += bias.floats[i];
    }
    t.Alias(node.outputs[0], computed);
}

void
TranslateBatchNorm(const OnnxNode& node, Translation& t)
{
    t.Add(Spec("batch_norm", { { "epsilon", node.Float("epsilon", 1e-5F) } }),
          { t.Constant(node, 1).floats, t.Constant(node, 2).floats, t.Constant(node, 3).floats,
            t.Constant(node, 4).floats },
          { node.inputs[0] }, node.outputs[0]);
}

void
TranslatePool(const OnnxNode& node, Translation& t)
{
    const Window window = WindowOf(node, {});
    if (window.dilation != 1 || !window.Symmetric())
    {
        throw Error("pools with dilation or uneven padding are not supported");
    }
    if (node.op == "MaxPool" && node.Int("storage_order", 0) != 0)
    {
        throw Error("storage_order 1 is not supported");
    }
    LayerSpec spec = Spec(node.op == "MaxPool" ? "max_pool" : "avg_pool",
                          { { "kernel", window.kernel }, { "stride", window.stride } });
    // The other attributes only where they differ from the layer's defaults.
    if (window.pads[0] != 0)
    {
        spec.Set("padding", double(window.pads[0]));
    }
    if (node.Int("ceil_mode", 0) != 0)
    {
        spec.Set("ceil_mode", 1);
    }
    if (node.op == "AveragePool" && node.Int("count_include_pad", 0) != 0)
    {
        spec.Set("count_include_pad", 1);
    }
    t.Add(spec, {}, { node.inputs[0] }, node.outputs[0]);
}

/** Clip's bounds: attributes before opset 11, optional constant inputs since. */
void
TranslateClip(const OnnxNode& node, Translation& t)
{
    float low = node.Float("min", std::numeric_limits<float>::lowest());
    float high = node.Float("max", std::numeric_limits<float>::max());
    if (node.inputs.size() > 1 && !node.inputs[1].empty())
    {
        low = t.Constant(node, 1).floats.at(0);
    }
    if (node.inputs.size() > 2 && !node.inputs[2].empty())
    {
        high = t.Constant(node, 2).floats.at(0);
    }
    if (low == 0.0F && high == std::numeric_limits<float>::max())
    {
        t.Add(Spec("relu"), {}, { node.inputs[0] }, node.outputs[0]);
        return;
    }
    t.Add(Spec("clip", { { "min", low }, { "max", high } }), {}, { node.inputs[0] },
          node.outputs[0]);
}

void
TranslatePad(const OnnxNode& node, Translation& t)
{
    if (node.Has("mode") && node.attributes.at("mode").s != "constant")
    {
        throw Error("only constant (zero) padding is supported");
    }
    std::vector<std::int64_t> pads = node.Ints("pads");
    if (node.inputs.size() > 1 && !node.inputs[1].empty())
    {
        const auto it = t.Model().constants.find(node.inputs[1]);
        if (it == t.Model().constants.end() || !it->second.isInteger)
        {
            throw Error("the pads must be a constant int64 tensor");
        }
        pads = it->second.ints;
    }
    if (node.inputs.size() > 2 && !node.inputs[2].empty()
        && t.Constant(node, 2).floats.at(0) != 0.0F)
    {
        throw Error("only zero padding is supported");
    }
    // ONNX lists every axis's begin pads, then every end: N, C, H, W.
    if (pads.size() != 8 || pads[0] != 0 || pads[1] != 0 || pads[4] != 0 || pads[5] != 0)
    {
        throw Error("only padding of height and width is supported");
    }
    AddPad(t, { pads[2], pads[3], pads[6], pads[7] }, node.inputs[0], node.outputs[0]);
}

/** Reshape to (batch, everything else) is a flatten; no other reshape is supported. */
void
TranslateReshape(const OnnxNode& node, Translation& t)
{
    const auto it = t.Model().constants.find(node.inputs.at(1));
    // (batch, features) or (batch, features, 1, 1): eesim's flat shape either way.
    const std::vector<std::int64_t> none;
    const std::vector<std::int64_t>& shape
        = it != t.Model().constants.end() && it->second.isInteger ? it->second.ints : none;
    const bool batchFirst = shape.size() >= 2 && (shape[0] == 0 || shape[0] == -1 || shape[0] == 1);
    const bool flat
        = batchFirst && (shape.size() == 2 || (shape.size() == 4 && shape[2] == 1 && shape[3] == 1))
          && (shape[1] == -1 || shape[0] == -1);
    if (!flat)
    {
        throw Error("only a reshape to (batch, features) or (batch, features, 1, 1) is "
                    "supported");
    }
    t.Add(Spec("flatten"), {}, { node.inputs[0] }, node.outputs[0]);
}

void
TranslateSimple(const OnnxNode& node, Translation& t, const std::string& type)
{
    if (node.op == "Flatten" && node.Int("axis", 1) != 1)
    {
        throw Error("only Flatten with axis 1 is supported");
    }
    if (node.op == "Concat" && node.Int("axis", 0) != 1)
    {
        throw Error("only Concat along the channels (axis 1) is supported");
    }
    LayerSpec spec = Spec(type);
    if (node.op == "HardSigmoid")
    {
        spec.Set("alpha", node.Float("alpha", 0.2F));
        spec.Set("beta", node.Float("beta", 0.5F));
    }
    const bool multi = node.op == "Mul" || node.op == "Concat";
    for (std::size_t i = 0; multi && i < node.inputs.size(); ++i)
    {
        if (t.IsConstant(node.inputs[i]))
        {
            throw Error(node.op + " of a constant is not supported");
        }
    }
    t.Add(spec, {}, multi ? node.inputs : std::vector<std::string>{ node.inputs.at(0) },
          node.outputs[0]);
}

void
TranslatePowerNormalize(const OnnxNode& node, Translation& t)
{
    t.Add(Spec("power_normalize"), {}, { node.inputs[0] }, node.outputs[0]);
    t.Layers().back().inputElements = node.Float("elements", 0);
}

using Translator = std::function<void(const OnnxNode&, Translation&)>;

const std::map<std::string, Translator>&
Translators()
{
    auto simple = [](const std::string& type)
    { return [type](const OnnxNode& node, Translation& t) { TranslateSimple(node, t, type); }; };
    auto alias = [](const OnnxNode& node, Translation& t)
    { t.Alias(node.outputs.at(0), node.inputs.at(0)); };
    static const std::map<std::string, Translator> kTranslators = {
        { "Add", TranslateAdd },
        { "AveragePool", TranslatePool },
        { "BatchNormalization", TranslateBatchNorm },
        { "Clip", TranslateClip },
        { "Concat", simple("concat") },
        { "Conv", TranslateConv },
        { "Dropout", alias },
        { "Flatten", simple("flatten") },
        { "Gemm", TranslateGemm },
        { "GlobalAveragePool", simple("global_avg_pool") },
        { "HardSigmoid", simple("hard_sigmoid") },
        { "HardSwish", simple("hard_swish") },
        { "Identity", alias },
        { "MatMul", TranslateMatMul },
        { "MaxPool", TranslatePool },
        { "Mul", simple("mul") },
        { "Pad", TranslatePad },
        { "Relu", simple("relu") },
        { "Reshape", TranslateReshape },
        { "Sigmoid", simple("sigmoid") },
        { kPowerNormalizeOp, TranslatePowerNormalize },
    };
    return kTranslators;
}

} // namespace

std::vector<std::string>
SupportedOnnxOperators()
{
    std::vector<std::string> names{ "Constant" };
    for (const auto& [name, translate] : Translators())
    {
        if (name != kPowerNormalizeOp) // made by FusePowerNormalize, never in a file
        {
            names.push_back(name);
        }
    }
    std::sort(names.begin(), names.end());
    return names;
}

void
CheckOnnxOperators(const OnnxModel& model)
{
    for (const OnnxNode& node : model.nodes)
    {
        if (Translators().count(node.op) == 0)
        {
            std::string supported;
            for (const std::string& name : SupportedOnnxOperators())
            {
                supported += (supported.empty() ? "" : ", ") + name;
            }
            throw Error("node \"" + node.name + "\" is a " + node.op
                        + ", which eesim does not support (supported: " + supported + ")");
        }
    }
}

std::vector<ImportedLayer>
TranslateSection(const OnnxModel& model, const OnnxSection& section)
{
    Translation translation(model, section);
    for (const std::size_t n : section.nodes)
    {
        const OnnxNode& node = model.nodes[n];
        try
        {
            if (node.outputs.empty() || node.inputs.empty())
            {
                throw Error("a node needs an input and an output");
            }
            Translators().at(node.op)(node, translation);
        }
        catch (const Error& e)
        {
            throw Error("node \"" + node.name + "\" (" + node.op + "): " + e.what());
        }
    }
    if (!translation.Ends(section.output))
    {
        throw Error("the part of the network ending at \"" + section.output
                    + "\" does not end with the node computing it");
    }
    return std::move(translation.Layers());
}

} // namespace eesim
