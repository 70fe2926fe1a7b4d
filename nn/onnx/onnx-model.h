#ifndef EESIM_NN_ONNX_ONNX_MODEL_H
#define EESIM_NN_ONNX_ONNX_MODEL_H

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace eesim
{

/** A constant tensor of an ONNX graph: float32 values, or int64 ones (shapes, pads). */
struct OnnxTensor
{
    std::vector<std::int64_t> dims;
    std::vector<float> floats;      // float32 tensors
    std::vector<std::int64_t> ints; // int64 tensors (shapes and pads, never weights)
    bool isInteger = false;

    std::size_t Count() const { return isInteger ? ints.size() : floats.size(); }
};

/** A node attribute; which fields are set depends on its ONNX type. */
struct OnnxAttribute
{
    std::int64_t i = 0;
    float f = 0;
    std::string s;
    std::vector<std::int64_t> ints;
    std::vector<float> floats;
    OnnxTensor tensor;
};

struct OnnxNode
{
    std::string name;                // the node's name, or "#INDEX" when the file gives none
    std::string op;                  // op_type, e.g. "Conv"
    std::vector<std::string> inputs; // "" for an omitted optional input
    std::vector<std::string> outputs;
    std::map<std::string, OnnxAttribute> attributes;

    bool Has(const std::string& key) const { return attributes.count(key) != 0; }
    std::int64_t Int(const std::string& key, std::int64_t fallback) const;
    float Float(const std::string& key, float fallback) const;
    std::vector<std::int64_t> Ints(const std::string& key) const;
};

/** A graph input or output: its name and dimensions (-1 where the file gives a name or none). */
struct OnnxValue
{
    std::string name;
    std::vector<std::int64_t> dims;
};

/**
 * An ONNX model reduced to what the importer reads, independent of protobuf: the nodes in file
 * order (ONNX requires a topological order), the constant tensors (initialisers, Constant
 * nodes' values and Identity copies of constants, by name), and the graph's real inputs
 * (initialisers excluded) and outputs.
 */
struct OnnxModel
{
    std::string producer;
    std::int64_t opset = 0;
    std::vector<OnnxNode> nodes;
    std::map<std::string, OnnxTensor> constants;
    std::vector<OnnxValue> inputs;
    std::vector<OnnxValue> outputs;
    /** The model's metadata_props (key, value), e.g. "eesim.cuts" as `eesim model export`
     *  writes it. */
    std::map<std::string, std::string> metadata;

    /** Reads and converts `path`; throws eesim::Error("PATH: problem") for a file that is not
     *  ONNX, is truncated, or holds tensors of a type other than float32 (or int64 shapes). */
    static OnnxModel Read(const std::string& path);
};

} // namespace eesim

#endif
