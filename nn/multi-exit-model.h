#ifndef EESIM_NN_MULTI_EXIT_MODEL_H
#define EESIM_NN_MULTI_EXIT_MODEL_H

#include "nn/architecture.h"
#include "nn/layer-graph.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

namespace eesim
{

/**
 * A network as an ordered list of segments, each ending at an exit head; each segment's body,
 * exit head and bottleneck are layer graphs (straight lines or residual blocks). A simulated node
 * runs RunSegment on the tensor it received and RunExit on the result; the trainer runs ForwardAll
 * and BackwardAll over every exit at once.
 */
class MultiExitModel
{
  public:
    /** Most elements one sample's tensor may have anywhere in the model (see LayerGraph). */
    static constexpr std::size_t kMaxSampleElements = LayerGraph::kMaxSampleElements;

    /** Builds the layers, filling in input-dependent attributes and checking every shape;
     *  throws eesim::Error when the architecture does not fit together. */
    static MultiExitModel Build(const Architecture& architecture);

    MultiExitModel(const MultiExitModel& other);
    MultiExitModel& operator=(const MultiExitModel& other);
    MultiExitModel(MultiExitModel&&) = default;
    MultiExitModel& operator=(MultiExitModel&&) = default;

    /** The architecture as the layers now are (canonical specs, after any folding). */
    Architecture GetArchitecture() const;
    const std::string& Name() const { return m_architecture.name; }
    SampleShape InputShape() const { return m_architecture.input; }
    int Classes() const { return m_architecture.classes; }
    /** How a raw sample of the data set becomes this model's input. */
    const InputPreprocessing& Preprocessing() const { return m_architecture.preprocessing; }
    std::size_t SegmentCount() const { return m_segments.size(); }
    std::vector<std::pair<std::string, std::string>>& Metadata() { return m_architecture.metadata; }

    SampleShape SegmentInputShape(std::size_t k) const;
    SampleShape SegmentOutputShape(std::size_t k) const;
    /** FLOPs of segment k's body for one sample. */
    std::uint64_t SegmentFlops(std::size_t k) const;
    /** FLOPs of exit head k for one sample. */
    std::uint64_t ExitFlops(std::size_t k) const;
    /** FLOPs of running every segment, every bottleneck and the final exit head: full
     *  execution, one sample. */
    std::uint64_t FullFlops() const;
    /** Elements of segment k's output: the tensor that would cross a link after segment k. */
    std::size_t SegmentOutputElements(std::size_t k) const { return SegmentOutputShape(k).Count(); }
    std::size_t SegmentOutputBytes(std::size_t k) const { return 4 * SegmentOutputElements(k); }
    /** Number of trainable scalars. */
    std::size_t ParameterCount();

    Tensor RunSegment(std::size_t k, const Tensor& input, Mode mode);
    Tensor RunExit(std::size_t k, const Tensor& features, Mode mode);
    /** True when segment k ends in a bottleneck (encoder on the sender, decoder on the
     *  receiver) for the link after it. */
    bool HasBottleneck(std::size_t k) const { return !m_segments.at(k).encoder.Empty(); }
    /** Per-sample shape of what crosses a link after segment k: the bottleneck's channel
     *  symbols, or the segment output when there is no bottleneck. */
    SampleShape LinkShape(std::size_t k) const { return m_linkShapes.at(k); }
    /** FLOPs of segment k's bottleneck encoder / decoder for one sample (0 without one). */
    std::uint64_t EncoderFlops(std::size_t k) const;
    std::uint64_t DecoderFlops(std::size_t k) const;
    /** Segment k's output to channel symbols (a copy when there is no bottleneck). */
    Tensor Encode(std::size_t k, const Tensor& features, Mode mode);
    /** Received symbols to segment k + 1's input (a copy when there is no bottleneck). */
    Tensor Decode(std::size_t k, const Tensor& symbols, Mode mode);

    /** What a link does to the symbols sent after segment k (noise, in training). */
    using LinkEffect = std::function<void(std::size_t k, Tensor& symbols)>;
    /** Logits of every exit, in order. Bottlenecks encode and decode on the way; `link`, when
     *  given, acts on the symbols in between. */
    std::vector<Tensor> ForwardAll(const Tensor& input, Mode mode,
                                   const LinkEffect& link = nullptr);
    /** Back-propagates the gradient of the loss with respect to every exit's logits (after a
     *  ForwardAll in training mode); accumulates parameter gradients. A link effect is taken
     *  to be additive (noise), so the gradient crosses it unchanged. */
    void BackwardAll(const std::vector<Tensor>& gradLogits);

    /** Every parameter and buffer, in model-file order (segment by segment: body, exit,
     *  encoder, decoder). */
    std::vector<Parameter*> Parameters();
    void ZeroGradients();
    /** Draws initial weights from a seeded generator. */
    void Initialize(std::uint64_t seed);
    /** Folds every batch_norm that follows a conv2d or linear layer into it (inference only). */
    void FoldBatchNorm();

  private:
    struct Segment
    {
        LayerGraph body;
        LayerGraph exit;
        LayerGraph encoder;
        LayerGraph decoder;

        std::vector<LayerGraph*> Lists() { return { &body, &exit, &encoder, &decoder }; }
        std::vector<const LayerGraph*> Lists() const
        {
            return { &body, &exit, &encoder, &decoder };
        }
    };

    MultiExitModel() = default;

    Architecture m_architecture; // name, input, classes, metadata; specs refreshed on demand
    std::vector<Segment> m_segments;
    std::vector<SampleShape> m_segmentInputs;
    std::vector<SampleShape> m_segmentOutputs;
    std::vector<SampleShape> m_linkShapes;
};

} // namespace eesim

#endif
