#include "nn/onnx/onnx-patterns.h"

#include <algorithm>
#include <map>
#include <set>

namespace eesim
{

namespace
{

/** Nodes by the tensors they compute and read. */
struct Wiring
{
    std::map<std::string, std::size_t> producer;
    std::map<std::string, std::vector<std::size_t>> readers;

    explicit Wiring(const OnnxModel& model)
    {
        for (std::size_t i = 0; i < model.nodes.size(); ++i)
        {
            for (const std::string& output : model.nodes[i].outputs)
            {
                producer[output] = i;
            }
            for (const std::string& input : model.nodes[i].inputs)
            {
                readers[input].push_back(i);
            }
        }
    }

    /** The only node reading `tensor`, when it is of operator `op`; otherwise -1. */
    long OnlyReader(const OnnxModel& model, const std::string& tensor, const char* op) const
    {
        const auto it = readers.find(tensor);
        if (it == readers.end() || it->second.size() != 1 || model.nodes[it->second[0]].op != op)
        {
            return -1;
        }
        return long(it->second[0]);
    }
};

/** A scalar float constant's value, if `tensor` is one. */
bool
ScalarConstant(const OnnxModel& model, const std::string& tensor, float& value)
{
    const auto it = model.constants.find(tensor);
    if (it == model.constants.end() || it->second.isInteger || it->second.floats.size() != 1)
    {
        return false;
    }
    value = it->second.floats[0];
    return true;
}

/** The pattern's nodes starting from Mul(x, x) at `square`, or empty when it is not there. */
std::vector<std::size_t>
MatchAt(const OnnxModel& model, const Wiring& wiring, std::size_t square, float& n)
{
    const OnnxNode& sq = model.nodes[square];
    if (sq.op != "Mul" || sq.inputs.size() != 2 || sq.inputs[0] != sq.inputs[1]
        || sq.outputs.size() != 1)
    {
        return {};
    }
    const long sum = wiring.OnlyReader(model, sq.outputs[0], "ReduceSum");
    if (sum < 0 || model.nodes[std::size_t(sum)].Int("keepdims", 1) != 1)
    {
        return {};
    }
    const long divide = wiring.OnlyReader(model, model.nodes[std::size_t(sum)].outputs[0], "Div");
    if (divide < 0)
    {
        return {};
    }
    const OnnxNode& div = model.nodes[std::size_t(divide)];
    if (div.inputs.size() != 2 || !ScalarConstant(model, div.inputs[0], n))
    {
        return {};
    }
    const long root = wiring.OnlyReader(model, div.outputs[0], "Sqrt");
    if (root < 0)
    {
        return {};
    }
    const long scale = wiring.OnlyReader(model, model.nodes[std::size_t(root)].outputs[0], "Mul");
    if (scale < 0)
    {
        return {};
    }
    const auto& scaleInputs = model.nodes[std::size_t(scale)].inputs;
    const std::string& x = sq.inputs[0];
    if (std::find(scaleInputs.begin(), scaleInputs.end(), x) == scaleInputs.end())
    {
        return {};
    }
    return { square, std::size_t(sum), std::size_t(divide), std::size_t(root), std::size_t(scale) };
}

} // namespace

void
FusePowerNormalize(OnnxModel& model)
{
    const Wiring wiring(model);
    std::set<std::size_t> removed;
    std::map<std::size_t, OnnxNode> replacements; // at the position of the final Mul
    for (std::size_t i = 0; i < model.nodes.size(); ++i)
    {
        float n = 0;
        const std::vector<std::size_t> match = MatchAt(model, wiring, i, n);
        if (match.empty())
        {
            continue;
        }
        OnnxNode fused;
        fused.name = model.nodes[match.back()].name;
        fused.op = kPowerNormalizeOp;
        fused.inputs = { model.nodes[i].inputs[0] };
        fused.outputs = model.nodes[match.back()].outputs;
        fused.attributes["elements"].f = n;
        removed.insert(match.begin(), match.end());
        replacements[match.back()] = std::move(fused);
    }
    std::vector<OnnxNode> nodes;
    for (std::size_t i = 0; i < model.nodes.size(); ++i)
    {
        if (replacements.count(i) != 0)
        {
            nodes.push_back(std::move(replacements[i]));
        }
        else if (removed.count(i) == 0)
        {
            nodes.push_back(std::move(model.nodes[i]));
        }
    }
    model.nodes = std::move(nodes);
}

} // namespace eesim
