#include "nn/onnx/onnx-sections.h"

#include "base/error.h"

#include <algorithm>
#include <map>
#include <set>

namespace eesim
{

namespace
{

/** Who computes each tensor, and the graph's structure questions asked of it. */
class GraphIndex
{
  public:
    explicit GraphIndex(const OnnxModel& model)
        : m_model(model)
    {
        for (std::size_t i = 0; i < model.nodes.size(); ++i)
        {
            for (const std::string& output : model.nodes[i].outputs)
            {
                m_producer[output] = i;
            }
        }
    }

    bool IsComputed(const std::string& tensor) const { return m_producer.count(tensor) != 0; }

    std::size_t Producer(const std::string& tensor) const
    {
        const auto it = m_producer.find(tensor);
        if (it == m_producer.end())
        {
            throw Error("no node computes \"" + tensor + "\"");
        }
        return it->second;
    }

    /** The nodes `tensor` depends on, its producer included (none for the input). */
    std::set<std::size_t> Needs(const std::string& tensor) const
    {
        std::set<std::size_t> needed;
        std::vector<std::string> pending{ tensor };
        while (!pending.empty())
        {
            const std::string next = pending.back();
            pending.pop_back();
            const auto it = m_producer.find(next);
            if (it == m_producer.end() || !needed.insert(it->second).second)
            {
                continue;
            }
            for (const std::string& input : m_model.nodes[it->second].inputs)
            {
                pending.push_back(input);
            }
        }
        return needed;
    }

    /** The non-constant tensors the nodes read that none of them computes. */
    std::set<std::string> ReadFromOutside(const std::set<std::size_t>& nodes) const
    {
        std::set<std::string> computed;
        for (const std::size_t n : nodes)
        {
            computed.insert(m_model.nodes[n].outputs.begin(), m_model.nodes[n].outputs.end());
        }
        std::set<std::string> outside;
        for (const std::size_t n : nodes)
        {
            for (const std::string& input : m_model.nodes[n].inputs)
            {
                if (!input.empty() && computed.count(input) == 0
                    && m_model.constants.count(input) == 0)
                {
                    outside.insert(input);
                }
            }
        }
        return outside;
    }

  private:
    const OnnxModel& m_model;
    std::map<std::string, std::size_t> m_producer;
};

/**
 * The tensors every path from the input to `last` passes through, in order, the input first: a
 * tensor is one exactly when, after its producer in the (topological) file order, it is the
 * only tensor computed so far that the rest of the trunk still reads.
 */
std::vector<std::string>
TrunkCuts(const OnnxModel& model, const GraphIndex& index, const std::string& input,
          const std::set<std::size_t>& trunk)
{
    std::map<std::string, int> readsLeft; // per tensor, trunk nodes still to read it
    for (const std::size_t n : trunk)
    {
        for (const std::string& tensor : model.nodes[n].inputs)
        {
            if (!tensor.empty() && model.constants.count(tensor) == 0)
            {
                ++readsLeft[tensor];
            }
        }
    }
    std::vector<std::string> cuts{ input };
    std::set<std::string> live{ input };
    for (const std::size_t n : trunk) // std::set: file order
    {
        for (const std::string& tensor : model.nodes[n].inputs)
        {
            if (readsLeft.count(tensor) != 0 && --readsLeft[tensor] == 0)
            {
                live.erase(tensor);
            }
        }
        for (const std::string& tensor : model.nodes[n].outputs)
        {
            if (readsLeft[tensor] > 0)
            {
                live.insert(tensor);
            }
        }
        if (live.size() == 1 && model.nodes[n].outputs.size() == 1
            && *live.begin() == model.nodes[n].outputs[0])
        {
            cuts.push_back(*live.begin());
        }
    }
    return cuts;
}

std::vector<std::size_t>
Difference(const std::set<std::size_t>& all, const std::set<std::size_t>& minus)
{
    std::vector<std::size_t> rest;
    std::set_difference(all.begin(), all.end(), minus.begin(), minus.end(),
                        std::back_inserter(rest));
    return rest;
}

/** Where exit `k`'s head branches off: the one trunk tensor it reads, as a position in `cuts`. */
std::size_t
BranchPoint(const GraphIndex& index, const std::string& exit, const std::set<std::size_t>& head,
            const std::vector<std::string>& cuts, const std::string& input)
{
    std::set<std::string> reads = index.ReadFromOutside(head);
    if (head.empty())
    {
        reads = { exit };
    }
    const auto cut
        = reads.size() == 1 ? std::find(cuts.begin(), cuts.end(), *reads.begin()) : cuts.end();
    if (cut == cuts.end())
    {
        std::string names;
        for (const std::string& tensor : reads)
        {
            names += (names.empty() ? "\"" : ", \"") + tensor + "\"";
        }
        throw Error("exit \"" + exit + "\" reads the trunk at " + names
                    + ": an exit must branch off the trunk at one tensor that every path from \""
                    + input + "\" to the last exit passes through");
    }
    return std::size_t(cut - cuts.begin());
}

/** True when every trunk node reading `tensor` starts a classifier: pooling, flattening, a
 *  fully connected layer, or dropout. */
bool
StartsClassifier(const OnnxModel& model, const std::set<std::size_t>& trunk,
                 const std::string& tensor)
{
    static const std::set<std::string> kClassifierStarts
        = { "AveragePool", "Dropout", "Flatten", "Gemm",   "GlobalAveragePool",
            "Identity",    "MatMul",  "MaxPool", "Reshape" };
    bool read = false;
    for (const std::size_t n : trunk)
    {
        const auto& inputs = model.nodes[n].inputs;
        if (std::find(inputs.begin(), inputs.end(), tensor) != inputs.end())
        {
            read = true;
            if (kClassifierStarts.count(model.nodes[n].op) == 0)
            {
                return false;
            }
        }
    }
    return read;
}

/**
 * The last segment's end, so that the final exit head is a classifier as the earlier heads are:
 * among the cuts after which no convolution runs, the first that pooling, flattening or a fully
 * connected layer reads (a block's output, not the sum inside it before its ReLU); the first of
 * them when none is.
 */
std::size_t
FinalCut(const OnnxModel& model, const GraphIndex& index, const std::vector<std::string>& cuts,
         const std::set<std::size_t>& trunk, std::size_t after)
{
    std::size_t first = cuts.size() - 1;
    while (first > after)
    {
        bool convolutionAfter = false;
        for (const std::size_t n : Difference(trunk, index.Needs(cuts[first - 1])))
        {
            convolutionAfter = convolutionAfter || model.nodes[n].op == "Conv";
        }
        if (convolutionAfter)
        {
            break;
        }
        --first;
    }
    for (std::size_t i = first; i < cuts.size(); ++i)
    {
        if (i > after && StartsClassifier(model, trunk, cuts[i]))
        {
            return i;
        }
    }
    return first;
}

} // namespace

/** The position of the given cut tensor `name` in `cuts`, which must be where segment `k` can
 *  end: exactly `branch` for an exit's branch point, any later cut for the last segment. */
std::size_t
GivenCut(const std::vector<std::string>& cuts, const std::string& name, std::size_t k, long branch,
         std::size_t after)
{
    const auto at = std::find(cuts.begin(), cuts.end(), name);
    if (at == cuts.end())
    {
        throw Error("cut " + std::to_string(k) + " \"" + name
                    + "\" is not a tensor every path to the last exit passes through");
    }
    const auto position = std::size_t(at - cuts.begin());
    if (branch >= 0 && position != std::size_t(branch))
    {
        throw Error("cut " + std::to_string(k) + " \"" + name + "\" is not where exit "
                    + std::to_string(k) + " branches off (\"" + cuts[std::size_t(branch)] + "\")");
    }
    if (branch < 0 && position <= after)
    {
        throw Error("the last cut \"" + name + "\" is not after the exits before it");
    }
    return position;
}

OnnxSections
SplitAtExits(const OnnxModel& model, const std::string& input,
             const std::vector<std::string>& exits, const std::vector<std::string>& givenCuts)
{
    if (!givenCuts.empty() && givenCuts.size() != exits.size())
    {
        throw Error("expected one cut per exit (" + std::to_string(exits.size()) + "), got "
                    + std::to_string(givenCuts.size()));
    }
    if (exits.empty())
    {
        throw Error("the graph has no outputs to take exits from");
    }
    const GraphIndex index(model);
    const std::set<std::size_t> trunk = index.Needs(exits.back());
    std::vector<std::string> cuts = TrunkCuts(model, index, input, trunk);
    std::vector<std::size_t> branches;
    std::vector<std::set<std::size_t>> heads;
    std::set<std::size_t> taken;
    for (std::size_t k = 0; k + 1 < exits.size(); ++k)
    {
        const std::vector<std::size_t> own = Difference(index.Needs(exits[k]), trunk);
        std::set<std::size_t> head(own.begin(), own.end());
        for (const std::size_t n : head)
        {
            if (!taken.insert(n).second)
            {
                throw Error("exit \"" + exits[k] + "\" shares node \"" + model.nodes[n].name
                            + "\" with an earlier exit: each exit needs a head of its own");
            }
        }
        const std::size_t branch = BranchPoint(index, exits[k], head, cuts, input);
        if (!branches.empty() && branch <= branches.back())
        {
            throw Error("exit \"" + exits[k] + "\" branches off at \"" + cuts[branch]
                        + "\", not after the exit before it: list the exits in the order they "
                          "branch off the trunk, one per cut");
        }
        if (!givenCuts.empty())
        {
            (void)GivenCut(cuts, givenCuts[k], k, long(branch), 0);
        }
        branches.push_back(branch);
        heads.push_back(std::move(head));
    }
    const std::size_t after = branches.empty() ? 0 : branches.back();
    branches.push_back(givenCuts.empty()
                           ? FinalCut(model, index, cuts, trunk, after)
                           : GivenCut(cuts, givenCuts.back(), exits.size() - 1, -1, after));
    if (exits.size() > 1 && branches.back() == branches[branches.size() - 2])
    {
        throw Error("the last exit \"" + exits.back() + "\" leaves no trunk after exit \""
                    + exits[exits.size() - 2] + "\" branches off");
    }
    const std::vector<std::size_t> finalHead
        = Difference(trunk, index.Needs(cuts[branches.back()]));
    heads.emplace_back(finalHead.begin(), finalHead.end());

    OnnxSections sections;
    std::set<std::size_t> done;
    for (std::size_t k = 0; k < exits.size(); ++k)
    {
        const std::string& cut = cuts[branches[k]];
        const std::set<std::size_t> upTo
            = cut == input ? std::set<std::size_t>() : index.Needs(cut);
        sections.bodies.push_back(
            { k == 0 ? input : cuts[branches[k - 1]], cut, Difference(upTo, done) });
        done = upTo;
        sections.exits.push_back(
            { cut, exits[k], std::vector<std::size_t>(heads[k].begin(), heads[k].end()) });
    }
    return sections;
}

} // namespace eesim
