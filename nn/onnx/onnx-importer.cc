#include "nn/onnx/onnx-importer.h"

#include "base/error.h"
#include "nn/onnx/onnx-model.h"
#include "nn/onnx/onnx-patterns.h"
#include "nn/onnx/onnx-sections.h"
#include "nn/onnx/onnx-translator.h"

#include <filesystem>
#include <sstream>

namespace eesim
{

namespace
{

/** The one real input of the graph and its per-sample shape. */
std::string
InputOf(const OnnxModel& model, SampleShape& shape)
{
    if (model.inputs.size() != 1)
    {
        throw Error("the graph has " + std::to_string(model.inputs.size())
                    + " inputs; eesim imports networks of one input image");
    }
    const OnnxValue& input = model.inputs[0];
    if (shape.channels > 0)
    {
        return input.name;
    }
    const std::vector<std::int64_t>& d = input.dims;
    if (d.size() != 4 && d.size() != 2)
    {
        throw Error("input \"" + input.name + "\" has " + std::to_string(d.size())
                    + " dimensions; eesim imports (batch, channels, height, width) or "
                      "(batch, features) inputs");
    }
    for (std::size_t i = 1; i < d.size(); ++i)
    {
        if (d[i] < 1 || d[i] > 4096)
        {
            throw Error("input \"" + input.name + "\" has a dynamic or unsupported dimension "
                        + std::to_string(i)
                        + " (only the batch may vary); give \"input\": [C, H, W] in --config");
        }
    }
    shape = d.size() == 4 ? SampleShape{ int(d[1]), int(d[2]), int(d[3]) }
                          : SampleShape{ int(d[1]), 1, 1 };
    return input.name;
}

/** The classes: the exits' second dimension, or the last layer's outputs when not fixed. */
int
ClassesOf(const OnnxModel& model, const std::string& exit, const std::vector<ImportedLayer>& head)
{
    for (const OnnxValue& output : model.outputs)
    {
        if (output.name == exit && output.dims.size() == 2 && output.dims[1] > 1)
        {
            return int(output.dims[1]);
        }
    }
    if (!head.empty() && head.back().spec.Has("out_features"))
    {
        return int(head.back().spec.Get("out_features"));
    }
    throw Error("cannot tell how many classes exit \"" + exit + "\" has");
}

std::string
FormatElements(double count)
{
    return std::to_string((long long)count);
}

std::vector<LayerSpec>
SpecsOf(const std::vector<ImportedLayer>& layers)
{
    std::vector<LayerSpec> specs;
    for (const ImportedLayer& layer : layers)
    {
        specs.push_back(layer.spec);
    }
    return specs;
}

/** Checks the element counts a pattern assumed (a power normalisation's n) against the shapes
 *  the built model gives. */
void
CheckInputElements(const MultiExitModel& model,
                   const std::vector<std::vector<ImportedLayer>>& lists)
{
    for (std::size_t k = 0; k < model.SegmentCount(); ++k)
    {
        const SampleShape inputs[] = { model.SegmentInputShape(k), model.SegmentOutputShape(k) };
        for (std::size_t part = 0; part < 2; ++part)
        {
            const std::vector<ImportedLayer>& list = lists[2 * k + part];
            const std::vector<LayerGraph::LayerShapes> shapes
                = LayerGraph::Build(SpecsOf(list), inputs[part], "check").Shapes();
            for (std::size_t i = 0; i < list.size(); ++i)
            {
                const double expected = list[i].inputElements;
                const auto actual = double(shapes[i].inputs.front().Count());
                if (expected != 0 && expected != actual)
                {
                    throw Error("a power normalisation divides by " + FormatElements(expected)
                                + " elements but its input has " + FormatElements(actual)
                                + " (eesim's power_normalize uses the sample's size)");
                }
            }
        }
    }
}

/** Copies the imported values into the model's parameters, which follow the same order. */
void
CopyValues(MultiExitModel& model, const std::vector<std::vector<ImportedLayer>>& lists)
{
    std::vector<const std::vector<float>*> values;
    for (const auto& list : lists)
    {
        for (const ImportedLayer& layer : list)
        {
            for (const auto& v : layer.values)
            {
                values.push_back(&v);
            }
        }
    }
    const std::vector<Parameter*> parameters = model.Parameters();
    if (parameters.size() != values.size())
    {
        throw Error("the layers hold " + std::to_string(parameters.size())
                    + " weight tensors, the graph gives " + std::to_string(values.size()));
    }
    for (std::size_t i = 0; i < parameters.size(); ++i)
    {
        if (parameters[i]->value.size() != values[i]->size())
        {
            throw Error("weight tensor " + std::to_string(i) + " (" + parameters[i]->name
                        + ") needs " + std::to_string(parameters[i]->value.size())
                        + " values, the graph gives " + std::to_string(values[i]->size()));
        }
        std::copy(values[i]->begin(), values[i]->end(), parameters[i]->value.begin());
    }
}

MultiExitModel
Import(const std::string& path, const OnnxImportOptions& options)
{
    OnnxModel onnx = OnnxModel::Read(path);
    FusePowerNormalize(onnx);
    CheckOnnxOperators(onnx);
    Architecture arch;
    arch.name = options.name.empty() ? std::filesystem::path(path).stem().string() : options.name;
    arch.input = options.input;
    const std::string input = InputOf(onnx, arch.input);
    arch.preprocessing = options.preprocessing;
    const std::string problem = arch.preprocessing.Problem(arch.input.channels);
    if (!problem.empty())
    {
        throw Error("preprocess: " + problem);
    }
    std::vector<std::string> exits = options.exits;
    if (exits.empty())
    {
        for (const OnnxValue& output : onnx.outputs)
        {
            exits.push_back(output.name);
        }
    }
    std::vector<std::string> cuts = options.cuts;
    const auto written = onnx.metadata.find("eesim.cuts");
    if (cuts.empty() && options.exits.empty() && written != onnx.metadata.end())
    {
        std::istringstream list(written->second);
        for (std::string cut; std::getline(list, cut, ',');)
        {
            cuts.push_back(cut);
        }
    }
    const OnnxSections sections = SplitAtExits(onnx, input, exits, cuts);
    std::vector<std::vector<ImportedLayer>> lists;
    for (std::size_t k = 0; k < exits.size(); ++k)
    {
        lists.push_back(TranslateSection(onnx, sections.bodies[k]));
        lists.push_back(TranslateSection(onnx, sections.exits[k]));
        arch.segments.push_back({ SpecsOf(lists[lists.size() - 2]), SpecsOf(lists.back()) });
    }
    arch.classes = ClassesOf(onnx, exits.back(), lists.back());
    arch.metadata.emplace_back("source", "ONNX (" + onnx.producer + ", opset "
                                             + std::to_string(onnx.opset) + ")");
    if (!options.dataset.empty())
    {
        arch.metadata.emplace_back("dataset", options.dataset);
    }
    MultiExitModel model = MultiExitModel::Build(arch);
    CheckInputElements(model, lists);
    CopyValues(model, lists);
    model.FoldBatchNorm();
    return model;
}

} // namespace

MultiExitModel
ImportOnnx(const std::string& path, const OnnxImportOptions& options)
{
    try
    {
        return Import(path, options);
    }
    catch (const Error& e)
    {
        const std::string message = e.what();
        throw Error(message.rfind(path + ": ", 0) == 0 ? message : path + ": " + message);
    }
}

} // namespace eesim
