#ifndef EESIM_NN_LAYER_GRAPH_H
#define EESIM_NN_LAYER_GRAPH_H

#include "base/error.h"
#include "base/random.h"
#include "nn/layer.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace eesim
{

/** A layer a graph refuses: its position in the list, and the problem without the place. */
class LayerError : public Error
{
  public:
    LayerError(const std::string& where, std::size_t position, const std::string& problem)
        : Error(where + " layer " + std::to_string(position) + ": " + problem)
        , m_position(position)
        , m_problem(problem)
    {
    }
    std::size_t Position() const { return m_position; }
    const std::string& Problem() const { return m_problem; }

  private:
    std::size_t m_position;
    std::string m_problem;
};

/**
 * One of a segment's layer lists (body, exit head, encoder, decoder) as a small graph: each layer
 * reads the list's input or earlier layers' outputs (LayerSpec::inputs), and the last layer's
 * output is the list's. A straight line is the special case in which each layer reads the one
 * before it; residual blocks (add), concatenations and gates (mul) read two. An empty graph
 * passes its input through.
 *
 * Forward keeps each intermediate tensor only until its last reader has run; Backward (after a
 * Forward in training mode) sums the gradients of an output read by several layers.
 */
class LayerGraph
{
  public:
    /**
     * Most elements one sample's tensor may have anywhere in a graph: 400 MB of float32, far
     * beyond an edge model, and far below the int range that shapes and flatten compute in.
     * Without it a corrupt or hostile header (a padding of 32755 on a 28x28 input, say) makes the
     * element count wrap around, so flatten reports a small size the next layer accepts and a
     * forward pass asks for gigabytes.
     */
    static constexpr std::size_t kMaxSampleElements = 100000000;

    LayerGraph() = default;
    LayerGraph(const LayerGraph& other);
    LayerGraph& operator=(const LayerGraph& other);
    LayerGraph(LayerGraph&&) = default;
    LayerGraph& operator=(LayerGraph&&) = default;

    /** Called with each layer's complete spec and position before the layer is made (and its
     *  parameters allocated): a caller's budget check may throw to stop the build. */
    using BeforeLayer = std::function<void(const LayerSpec& complete, std::size_t position)>;

    /** Builds the layers for an input of shape `input`, filling in input-dependent attributes
     *  and checking every shape and every input reference; throws LayerError naming `where`
     *  and the layer's position. */
    static LayerGraph Build(const std::vector<LayerSpec>& specs, SampleShape input,
                            const std::string& where, const BeforeLayer& beforeLayer = nullptr);

    /** A layer as built: its complete spec, the shapes it reads and the shape it makes. */
    struct LayerShapes
    {
        LayerSpec spec;
        std::vector<SampleShape> inputs;
        SampleShape output;
    };
    std::vector<LayerShapes> Shapes() const;

    bool Empty() const { return m_nodes.empty(); }
    std::size_t Size() const { return m_nodes.size(); }
    SampleShape InputShape() const { return m_input; }
    SampleShape OutputShape() const { return m_nodes.empty() ? m_input : m_nodes.back().output; }
    /** The layers' specs, with `inputs` written only where a layer does not read the one
     *  before it. */
    std::vector<LayerSpec> Specs() const;
    /** FLOPs of one sample through every layer. */
    std::uint64_t Flops() const;

    Tensor Forward(const Tensor& input, Mode mode);
    Tensor Backward(const Tensor& gradOutput);

    std::vector<Parameter*> Parameters();
    void Initialize(Random& random);
    /** Folds each batch_norm whose only input is a conv2d or linear layer read by nothing else
     *  into that layer (inference only). */
    void FoldBatchNorm();

  private:
    /** Where a value comes from: the graph's input, or a layer's output. */
    static constexpr int kGraphInput = -1;

    struct Node
    {
        std::unique_ptr<Layer> layer;
        /** `layer` when it takes several inputs, else null: looked up once, not per pass. */
        MultiInputLayer* multi = nullptr;
        std::vector<int> inputs; // resolved: never empty
        std::vector<SampleShape> inputShapes;
        SampleShape output;
        int lastReader = -1; // the last layer that reads this output (the graph's end: Size())
    };

    void AddNode(const LayerSpec& spec, std::size_t position, const BeforeLayer& beforeLayer);
    void FindLastReaders();
    std::vector<int> ReadersOf(int node) const;
    void RemoveNode(int node, int replacement);

    SampleShape m_input;
    std::vector<Node> m_nodes;
};

} // namespace eesim

#endif
