#include "nn/multi-exit-model.h"

#include "base/error.h"

namespace eesim
{

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
    MultiExitModel model;
    model.m_architecture = architecture;
    SampleShape shape = architecture.input;
    for (std::size_t k = 0; k < architecture.segments.size(); ++k)
    {
        const std::string where = "segment " + std::to_string(k);
        const SegmentSpec& spec = architecture.segments[k];
        Segment segment;
        model.m_segmentInputs.push_back(shape);
        segment.body = LayerGraph::Build(spec.body, shape, where + " body");
        shape = segment.body.OutputShape();
        segment.exit = LayerGraph::Build(spec.exit, shape, where + " exit");
        const SampleShape logits = segment.exit.OutputShape();
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
            segment.encoder = LayerGraph::Build(spec.encoder, shape, where + " encoder");
            const SampleShape symbols = segment.encoder.OutputShape();
            model.m_linkShapes.back() = symbols;
            segment.decoder = LayerGraph::Build(spec.decoder, symbols, where + " decoder");
            shape = segment.decoder.OutputShape();
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
    m_segments = other.m_segments;
    return *this;
}

Architecture
MultiExitModel::GetArchitecture() const
{
    Architecture arch = m_architecture;
    arch.segments.clear();
    for (const auto& segment : m_segments)
    {
        arch.segments.push_back({ segment.body.Specs(), segment.exit.Specs(),
                                  segment.encoder.Specs(), segment.decoder.Specs() });
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
MultiExitModel::SegmentFlops(std::size_t k) const
{
    return m_segments.at(k).body.Flops();
}

std::uint64_t
MultiExitModel::ExitFlops(std::size_t k) const
{
    return m_segments.at(k).exit.Flops();
}

std::uint64_t
MultiExitModel::EncoderFlops(std::size_t k) const
{
    return m_segments.at(k).encoder.Flops();
}

std::uint64_t
MultiExitModel::DecoderFlops(std::size_t k) const
{
    return m_segments.at(k).decoder.Flops();
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
MultiExitModel::RunSegment(std::size_t k, const Tensor& input, Mode mode)
{
    if (input.Shape() != m_segmentInputs.at(k))
    {
        throw Error("segment " + std::to_string(k) + " expects input "
                    + m_segmentInputs[k].ToString() + ", got " + input.Shape().ToString());
    }
    return m_segments[k].body.Forward(input, mode);
}

Tensor
MultiExitModel::RunExit(std::size_t k, const Tensor& features, Mode mode)
{
    return m_segments.at(k).exit.Forward(features, mode);
}

Tensor
MultiExitModel::Encode(std::size_t k, const Tensor& features, Mode mode)
{
    return m_segments.at(k).encoder.Forward(features, mode);
}

Tensor
MultiExitModel::Decode(std::size_t k, const Tensor& symbols, Mode mode)
{
    return m_segments.at(k).decoder.Forward(symbols, mode);
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
        Tensor grad = m_segments[k].exit.Backward(gradLogits.at(k));
        if (k + 1 < m_segments.size())
        {
            const Tensor throughLink
                = m_segments[k].encoder.Backward(m_segments[k].decoder.Backward(fromLater));
            grad.Add(throughLink);
        }
        fromLater = m_segments[k].body.Backward(grad);
    }
}

std::vector<Parameter*>
MultiExitModel::Parameters()
{
    std::vector<Parameter*> all;
    for (auto& segment : m_segments)
    {
        for (LayerGraph* list : segment.Lists())
        {
            for (Parameter* p : list->Parameters())
            {
                all.push_back(p);
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
        for (LayerGraph* list : segment.Lists())
        {
            list->Initialize(random);
        }
    }
}

void
MultiExitModel::FoldBatchNorm()
{
    for (auto& segment : m_segments)
    {
        for (LayerGraph* list : segment.Lists())
        {
            list->FoldBatchNorm();
        }
    }
}

} // namespace eesim
