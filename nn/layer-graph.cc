#include "nn/layer-graph.h"

#include "base/error.h"
#include "nn/layer-factory.h"
#include "nn/layers/batch-norm.h"
#include "nn/layers/conv2d.h"
#include "nn/layers/linear.h"

#include <algorithm>

namespace eesim
{

namespace
{

void
CheckShape(SampleShape shape)
{
    if (shape.channels < 1 || shape.height < 1 || shape.width < 1
        || shape.Count() > LayerGraph::kMaxSampleElements)
    {
        throw Error("a tensor of " + std::to_string(shape.channels) + "x"
                    + std::to_string(shape.height) + "x" + std::to_string(shape.width)
                    + " per sample is outside what eesim runs (1 to "
                    + std::to_string(LayerGraph::kMaxSampleElements) + " elements)");
    }
}

/** The layer's input positions, resolved: a layer without them reads the one before it. */
std::vector<int>
ResolvedInputs(const LayerSpec& spec, std::size_t position)
{
    if (spec.inputs.empty())
    {
        return { int(position) - 1 };
    }
    for (const int input : spec.inputs)
    {
        if (input < -1 || input >= int(position))
        {
            throw Error("input " + std::to_string(input)
                        + " is not the list's input (-1) or an earlier layer (0 to "
                        + std::to_string(int(position) - 1) + ")");
        }
    }
    return spec.inputs;
}

} // namespace

LayerGraph::LayerGraph(const LayerGraph& other)
{
    *this = other;
}

LayerGraph&
LayerGraph::operator=(const LayerGraph& other)
{
    if (this == &other)
    {
        return *this;
    }
    m_input = other.m_input;
    m_nodes.clear();
    for (const Node& node : other.m_nodes)
    {
        Node copy;
        copy.layer = node.layer->Clone();
        copy.multi = dynamic_cast<MultiInputLayer*>(copy.layer.get());
        copy.inputs = node.inputs;
        copy.inputShapes = node.inputShapes;
        copy.output = node.output;
        copy.lastReader = node.lastReader;
        m_nodes.push_back(std::move(copy));
    }
    return *this;
}

LayerGraph
LayerGraph::Build(const std::vector<LayerSpec>& specs, SampleShape input, const std::string& where,
                  const BeforeLayer& beforeLayer)
{
    try
    {
        CheckShape(input);
    }
    catch (const Error& e)
    {
        throw Error(where + " input: " + e.what());
    }
    LayerGraph graph;
    graph.m_input = input;
    for (std::size_t i = 0; i < specs.size(); ++i)
    {
        try
        {
            graph.AddNode(specs[i], i, beforeLayer);
        }
        catch (const Error& e)
        {
            throw LayerError(where, i, e.what());
        }
    }
    graph.FindLastReaders();
    for (std::size_t i = 0; i + 1 < graph.m_nodes.size(); ++i)
    {
        if (graph.m_nodes[i].lastReader < 0)
        {
            throw LayerError(where, i,
                             "its output is read by no later layer (a list ends in one output)");
        }
    }
    return graph;
}

void
LayerGraph::AddNode(const LayerSpec& spec, std::size_t position, const BeforeLayer& beforeLayer)
{
    Node node;
    node.inputs = ResolvedInputs(spec, position);
    for (const int input : node.inputs)
    {
        node.inputShapes.push_back(input == kGraphInput ? m_input : m_nodes[input].output);
    }
    LayerSpec complete = CompleteLayerSpec(spec, node.inputShapes.front());
    complete.inputs.clear();
    if (beforeLayer)
    {
        beforeLayer(complete, position);
    }
    node.layer = MakeLayer(complete);
    node.multi = dynamic_cast<MultiInputLayer*>(node.layer.get());
    if (node.multi != nullptr)
    {
        node.output = node.multi->OutputShapeOf(node.inputShapes);
    }
    else if (node.inputs.size() != 1)
    {
        throw Error("a " + spec.type + " layer reads one input, not "
                    + std::to_string(node.inputs.size()));
    }
    else
    {
        node.output = node.layer->OutputShape(node.inputShapes.front());
    }
    CheckShape(node.output);
    m_nodes.push_back(std::move(node));
}

void
LayerGraph::FindLastReaders()
{
    for (Node& node : m_nodes)
    {
        node.lastReader = -1;
    }
    for (std::size_t i = 0; i < m_nodes.size(); ++i)
    {
        for (const int input : m_nodes[i].inputs)
        {
            if (input != kGraphInput)
            {
                m_nodes[input].lastReader = int(i);
            }
        }
    }
    if (!m_nodes.empty())
    {
        m_nodes.back().lastReader = int(m_nodes.size()); // read by whoever runs the graph
    }
}

std::vector<LayerSpec>
LayerGraph::Specs() const
{
    std::vector<LayerSpec> specs;
    for (std::size_t i = 0; i < m_nodes.size(); ++i)
    {
        LayerSpec spec = m_nodes[i].layer->Spec();
        if (m_nodes[i].inputs != std::vector<int>{ int(i) - 1 })
        {
            spec.inputs = m_nodes[i].inputs;
        }
        specs.push_back(std::move(spec));
    }
    return specs;
}

std::vector<LayerGraph::LayerShapes>
LayerGraph::Shapes() const
{
    std::vector<LayerShapes> shapes;
    for (const Node& node : m_nodes)
    {
        shapes.push_back({ node.layer->Spec(), node.inputShapes, node.output });
    }
    return shapes;
}

std::uint64_t
LayerGraph::Flops() const
{
    std::uint64_t flops = 0;
    for (const Node& node : m_nodes)
    {
        flops += node.multi != nullptr ? node.multi->FlopsOf(node.inputShapes)
                                       : node.layer->Flops(node.inputShapes.front());
    }
    return flops;
}

Tensor
LayerGraph::Forward(const Tensor& input, Mode mode)
{
    if (m_nodes.empty())
    {
        return input;
    }
    std::vector<Tensor> outputs(m_nodes.size());
    for (std::size_t i = 0; i < m_nodes.size(); ++i)
    {
        Node& node = m_nodes[i];
        if (node.multi != nullptr)
        {
            MultiInputLayer::Inputs inputs;
            for (const int from : node.inputs)
            {
                inputs.push_back(from == kGraphInput ? &input : &outputs[from]);
            }
            outputs[i] = node.multi->ForwardInputs(inputs, mode);
        }
        else
        {
            const int from = node.inputs.front();
            outputs[i] = node.layer->Forward(from == kGraphInput ? input : outputs[from], mode);
        }
        for (const int from : node.inputs)
        {
            if (from != kGraphInput && m_nodes[from].lastReader == int(i))
            {
                outputs[from] = Tensor(); // no later layer reads it: free it now
            }
        }
    }
    return std::move(outputs.back());
}

Tensor
LayerGraph::Backward(const Tensor& gradOutput)
{
    if (m_nodes.empty())
    {
        return gradOutput;
    }
    std::vector<Tensor> grads(m_nodes.size());
    grads.back() = gradOutput;
    Tensor gradInput;
    auto accumulate = [](Tensor& sum, Tensor&& grad)
    {
        if (sum.Size() == 0)
        {
            sum = std::move(grad);
        }
        else
        {
            sum.Add(grad);
        }
    };
    for (std::size_t i = m_nodes.size(); i-- > 0;)
    {
        Node& node = m_nodes[i];
        std::vector<Tensor> inputGrads;
        if (node.multi != nullptr)
        {
            inputGrads = node.multi->BackwardInputs(grads[i]);
        }
        else
        {
            inputGrads.push_back(node.layer->Backward(grads[i]));
        }
        grads[i] = Tensor();
        for (std::size_t j = 0; j < node.inputs.size(); ++j)
        {
            const int from = node.inputs[j];
            accumulate(from == kGraphInput ? gradInput : grads[from], std::move(inputGrads[j]));
        }
    }
    return gradInput;
}

std::vector<Parameter*>
LayerGraph::Parameters()
{
    std::vector<Parameter*> all;
    for (Node& node : m_nodes)
    {
        for (Parameter* p : node.layer->Parameters())
        {
            all.push_back(p);
        }
    }
    return all;
}

void
LayerGraph::Initialize(Random& random)
{
    for (Node& node : m_nodes)
    {
        node.layer->Initialize(random);
    }
}

std::vector<int>
LayerGraph::ReadersOf(int node) const
{
    std::vector<int> readers;
    for (std::size_t i = 0; i < m_nodes.size(); ++i)
    {
        const auto& inputs = m_nodes[i].inputs;
        if (std::find(inputs.begin(), inputs.end(), node) != inputs.end())
        {
            readers.push_back(int(i));
        }
    }
    return readers;
}

void
LayerGraph::RemoveNode(int node, int replacement)
{
    m_nodes.erase(m_nodes.begin() + node);
    for (Node& other : m_nodes)
    {
        for (int& input : other.inputs)
        {
            input = input == node ? replacement : (input > node ? input - 1 : input);
        }
    }
    FindLastReaders();
}

void
LayerGraph::FoldBatchNorm()
{
    for (std::size_t i = 0; i < m_nodes.size(); ++i)
    {
        const auto* norm = dynamic_cast<const BatchNorm*>(m_nodes[i].layer.get());
        const int from = m_nodes[i].inputs.front();
        if (norm == nullptr || from == kGraphInput || ReadersOf(from) != std::vector<int>{ int(i) })
        {
            continue;
        }
        std::vector<float> scale;
        std::vector<float> shift;
        norm->InferenceAffine(scale, shift);
        Layer* before = m_nodes[from].layer.get();
        if (auto* conv = dynamic_cast<Conv2d*>(before))
        {
            conv->ScaleAndShiftOutputs(scale, shift);
        }
        else if (auto* linear = dynamic_cast<Linear*>(before))
        {
            linear->ScaleAndShiftOutputs(scale, shift);
        }
        else
        {
            continue;
        }
        RemoveNode(int(i), from);
        --i;
    }
}

} // namespace eesim
