#include "nn/multi-exit-model.h"

#include "base/error.h"
#include "nn/layer-factory.h"
#include "nn/layers/batch-norm.h"
#include "nn/layers/conv2d.h"
#include "nn/layers/linear.h"

namespace eesim
{

namespace
{

void
CheckShape(SampleShape shape)
{
    if (shape.channels < 1 || shape.height < 1 || shape.width < 1
        || shape.Count() > MultiExitModel::kMaxSampleElements)
    {
        throw Error("a tensor of " + std::to_string(shape.channels) + "x"
                    + std::to_string(shape.height) + "x" + std::to_string(shape.width)
                    + " per sample is outside what eesim runs (1 to "
                    + std::to_string(MultiExitModel::kMaxSampleElements) + " elements)");
    }
}

/** Builds a layer list from specs starting at `shape`; returns the output shape. */
SampleShape
BuildLayers(const std::vector<LayerSpec>& specs, SampleShape shape,
            std::vector<std::unique_ptr<Layer>>& layers, const std::string& where)
{
    for (std::size_t i = 0; i < specs.size(); ++i)
    {
        try
        {
            auto layer = MakeLayer(CompleteLayerSpec(specs[i], shape));
            shape = layer->OutputShape(shape);
            CheckShape(shape);
            layers.push_back(std::move(layer));
        }
        catch (const Error& e)
        {
            throw Error(where + " layer " + std::to_string(i) + ": " + e.what());
        }
    }
    return shape;
}

} // namespace

MultiExitModel
MultiExitModel::Build(const Architecture& architecture)
{
    if (architecture.segments.empty())
    {
        throw Error("the model has no segments");
    }
    if (architecture.input.Count() == 0 || architecture.classes < 2)
    {
        throw Error("the model needs a non-empty input shape and at least 2 classes");
    }
    CheckShape(architecture.input);
    MultiExitModel model;
    model.m_architecture = architecture;
    SampleShape shape = architecture.input;
    for (std::size_t k = 0; k < architecture.segments.size(); ++k)
    {
        const std::string where = "segment " + std::to_string(k);
        const SegmentSpec& spec = architecture.segments[k];
        Segment segment;
        model.m_segmentInputs.push_back(shape);
        shape = BuildLayers(spec.body, shape, segment.body, where + " body");
        const SampleShape logits = BuildLayers(spec.exit, shape, segment.exit, where + " exit");
        if (logits != SampleShape{ architecture.classes, 1, 1 })
        {
            throw Error(where + " exit produces " + logits.ToString() + ", not "
                        + std::to_string(architecture.classes) + " class logits");
        }
        model.m_segmentOutputs.push_back(shape);
        model.m_linkShapes.push_back(shape);
        if (spec.encoder.empty() != spec.decoder.empty())
        {
            throw Error(where + ": a bottleneck needs both encoder and decoder layers");
        }
        if (!spec.encoder.empty())
        {
            if (k + 1 == architecture.segments.size())
            {
                throw Error(where + ": the last segment has no link after it for a bottleneck");
            }
            const SampleShape symbols
                = BuildLayers(spec.encoder, shape, segment.encoder, where + " encoder");
            model.m_linkShapes.back() = symbols;
            shape = BuildLayers(spec.decoder, symbols, segment.decoder, where + " decoder");
        }
        model.m_segments.push_back(std::move(segment));
    }
    return model;
}

MultiExitModel::MultiExitModel(const MultiExitModel& other)
{
    *this = other;
}

MultiExitModel&
MultiExitModel::operator=(const MultiExitModel& other)
{
    if (this == &other)
    {
        return *this;
    }
    m_architecture = other.m_architecture;
    m_segmentInputs = other.m_segmentInputs;
    m_segmentOutputs = other.m_segmentOutputs;
    m_linkShapes = other.m_linkShapes;
    m_segments.clear();
    for (const auto& segment : other.m_segments)
    {
        Segment copy;
        const auto from = segment.Lists();
        const auto to = copy.Lists();
        for (std::size_t list = 0; list < from.size(); ++list)
        {
            for (const auto& layer : *from[list])
            {
                to[list]->push_back(layer->Clone());
            }
        }
        m_segments.push_back(std::move(copy));
    }
    return *this;
}

Architecture
MultiExitModel::GetArchitecture() const
{
    Architecture arch = m_architecture;
    arch.segments.clear();
    for (const auto& segment : m_segments)
    {
        SegmentSpec spec;
        const auto lists = segment.Lists();
        const std::vector<std::vector<LayerSpec>*> specs
            = { &spec.body, &spec.exit, &spec.encoder, &spec.decoder };
        for (std::size_t list = 0; list < lists.size(); ++list)
        {
            for (const auto& layer : *lists[list])
            {
                specs[list]->push_back(layer->Spec());
            }
        }
        arch.segments.push_back(std::move(spec));
    }
    return arch;
}

SampleShape
MultiExitModel::SegmentInputShape(std::size_t k) const
{
    return m_segmentInputs.at(k);
}

SampleShape
MultiExitModel::SegmentOutputShape(std::size_t k) const
{
    return m_segmentOutputs.at(k);
}

std::uint64_t
MultiExitModel::LayersFlops(const LayerList& layers, SampleShape input)
{
    std::uint64_t flops = 0;
    for (const auto& layer : layers)
    {
        flops += layer->Flops(input);
        input = layer->OutputShape(input);
    }
    return flops;
}

std::uint64_t
MultiExitModel::SegmentFlops(std::size_t k) const
{
    return LayersFlops(m_segments.at(k).body, m_segmentInputs[k]);
}

std::uint64_t
MultiExitModel::ExitFlops(std::size_t k) const
{
    return LayersFlops(m_segments.at(k).exit, SegmentOutputShape(k));
}

std::uint64_t
MultiExitModel::EncoderFlops(std::size_t k) const
{
    return LayersFlops(m_segments.at(k).encoder, SegmentOutputShape(k));
}

std::uint64_t
MultiExitModel::DecoderFlops(std::size_t k) const
{
    return LayersFlops(m_segments.at(k).decoder, LinkShape(k));
}

std::uint64_t
MultiExitModel::FullFlops() const
{
    std::uint64_t flops = ExitFlops(m_segments.size() - 1);
    for (std::size_t k = 0; k < m_segments.size(); ++k)
    {
        flops += SegmentFlops(k) + EncoderFlops(k) + DecoderFlops(k);
    }
    return flops;
}

std::size_t
MultiExitModel::ParameterCount()
{
    std::size_t count = 0;
    for (const Parameter* p : Parameters())
    {
        count += p->trainable ? p->value.size() : 0;
    }
    return count;
}

Tensor
MultiExitModel::RunLayers(LayerList& layers, const Tensor& input, Mode mode)
{
    Tensor x = input;
    for (auto& layer : layers)
    {
        x = layer->Forward(x, mode);
    }
    return x;
}

Tensor
MultiExitModel::BackwardLayers(LayerList& layers, const Tensor& grad)
{
    Tensor g = grad;
    for (auto it = layers.rbegin(); it != layers.rend(); ++it)
    {
        g = (*it)->Backward(g);
    }
    return g;
}

Tensor
MultiExitModel::RunSegment(std::size_t k, const Tensor& input, Mode mode)
{
    if (input.Shape() != m_segmentInputs.at(k))
    {
        throw Error("segment " + std::to_string(k) + " expects input "
                    + m_segmentInputs[k].ToString() + ", got " + input.Shape().ToString());
    }
    return RunLayers(m_segments[k].body, input, mode);
}

Tensor
MultiExitModel::RunExit(std::size_t k, const Tensor& features, Mode mode)
{
    return RunLayers(m_segments.at(k).exit, features, mode);
}

Tensor
MultiExitModel::Encode(std::size_t k, const Tensor& features, Mode mode)
{
    return RunLayers(m_segments.at(k).encoder, features, mode);
}

Tensor
MultiExitModel::Decode(std::size_t k, const Tensor& symbols, Mode mode)
{
    return RunLayers(m_segments.at(k).decoder, symbols, mode);
}

std::vector<Tensor>
MultiExitModel::ForwardAll(const Tensor& input, Mode mode, const LinkEffect& link)
{
    std::vector<Tensor> logits;
    Tensor features = input;
    for (std::size_t k = 0; k < m_segments.size(); ++k)
    {
        features = RunSegment(k, features, mode);
        logits.push_back(RunExit(k, features, mode));
        if (HasBottleneck(k))
        {
            Tensor symbols = Encode(k, features, mode);
            if (link)
            {
                link(k, symbols);
            }
            features = Decode(k, symbols, mode);
        }
    }
    return logits;
}

void
MultiExitModel::BackwardAll(const std::vector<Tensor>& gradLogits)
{
    // Walk back from the last segment: the gradient at segment k's output is its exit head's
    // gradient plus whatever flows back from segment k + 1 (through the bottleneck, if any).
    Tensor fromLater;
    for (std::size_t k = m_segments.size(); k-- > 0;)
    {
        Tensor grad = BackwardLayers(m_segments[k].exit, gradLogits.at(k));
        if (k + 1 < m_segments.size())
        {
            const Tensor throughLink = BackwardLayers(
                m_segments[k].encoder, BackwardLayers(m_segments[k].decoder, fromLater));
            grad.Add(throughLink);
        }
        fromLater = BackwardLayers(m_segments[k].body, grad);
    }
}

std::vector<Parameter*>
MultiExitModel::Parameters()
{
    std::vector<Parameter*> all;
    for (auto& segment : m_segments)
    {
        for (auto* list : segment.Lists())
        {
            for (auto& layer : *list)
            {
                for (Parameter* p : layer->Parameters())
                {
                    all.push_back(p);
                }
            }
        }
    }
    return all;
}

void
MultiExitModel::ZeroGradients()
{
    for (Parameter* p : Parameters())
    {
        std::fill(p->grad.begin(), p->grad.end(), 0.0F);
    }
}

void
MultiExitModel::Initialize(std::uint64_t seed)
{
    Random random(seed);
    for (auto& segment : m_segments)
    {
        for (auto* list : segment.Lists())
        {
            for (auto& layer : *list)
            {
                layer->Initialize(random);
            }
        }
    }
}

void
MultiExitModel::FoldBatchNorm(LayerList& layers)
{
    for (std::size_t i = 1; i < layers.size(); ++i)
    {
        const auto* norm = dynamic_cast<const BatchNorm*>(layers[i].get());
        if (norm == nullptr)
        {
            continue;
        }
        std::vector<float> scale;
        std::vector<float> shift;
        norm->InferenceAffine(scale, shift);
        if (auto* conv = dynamic_cast<Conv2d*>(layers[i - 1].get()))
        {
            conv->ScaleAndShiftOutputs(scale, shift);
        }
        else if (auto* linear = dynamic_cast<Linear*>(layers[i - 1].get()))
        {
            linear->ScaleAndShiftOutputs(scale, shift);
        }
        else
        {
            continue;
        }
        layers.erase(layers.begin() + std::ptrdiff_t(i));
        --i;
    }
}

void
MultiExitModel::FoldBatchNorm()
{
    for (auto& segment : m_segments)
    {
        for (auto* list : segment.Lists())
        {
            FoldBatchNorm(*list);
        }
    }
}

} // namespace eesim
