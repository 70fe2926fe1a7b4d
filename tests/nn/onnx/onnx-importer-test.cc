// The ONNX importer on graphs written here with ONNX's own protobuf classes: a residual
// two-exit network cut where its first exit branches off, and a clear refusal of each kind of
// graph eesim cannot import. (tests/nn/onnx/onnx-import-check.py compares the logits of networks
// exported by PyTorch.)
#include "base/error.h"
#include "nn/onnx/onnx-importer.h"
#include "tests/test-support.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <onnx/onnx_pb.h>

using namespace eesim;

namespace
{

void
AddInitializer(onnx::GraphProto& graph, const std::string& name, std::vector<std::int64_t> dims,
               float fill = 0.5F)
{
    onnx::TensorProto* tensor = graph.add_initializer();
    tensor->set_name(name);
    tensor->set_data_type(onnx::TensorProto_DataType_FLOAT);
    std::int64_t count = 1;
    for (const std::int64_t d : dims)
    {
        tensor->add_dims(d);
        count *= d;
    }
    for (std::int64_t i = 0; i < count; ++i)
    {
        tensor->add_float_data(fill * float((i % 7) - 3) / 3.0F);
    }
}

onnx::NodeProto*
AddNode(onnx::GraphProto& graph, const std::string& op, const std::vector<std::string>& inputs,
        const std::string& output)
{
    onnx::NodeProto* node = graph.add_node();
    node->set_op_type(op);
    node->set_name(op + "_" + output);
    for (const std::string& input : inputs)
    {
        node->add_input(input);
    }
    node->add_output(output);
    return node;
}

void
AddInts(onnx::NodeProto* node, const std::string& name, std::vector<std::int64_t> values)
{
    onnx::AttributeProto* attribute = node->add_attribute();
    attribute->set_name(name);
    attribute->set_type(onnx::AttributeProto_AttributeType_INTS);
    for (const std::int64_t v : values)
    {
        attribute->add_ints(v);
    }
}

void
AddInt(onnx::NodeProto* node, const std::string& name, std::int64_t value)
{
    onnx::AttributeProto* attribute = node->add_attribute();
    attribute->set_name(name);
    attribute->set_type(onnx::AttributeProto_AttributeType_INT);
    attribute->set_i(value);
}

void
AddValue(google::protobuf::RepeatedPtrField<onnx::ValueInfoProto>* values, const std::string& name,
         const std::vector<std::int64_t>& dims)
{
    onnx::ValueInfoProto* value = values->Add();
    value->set_name(name);
    auto* tensor = value->mutable_type()->mutable_tensor_type();
    tensor->set_elem_type(onnx::TensorProto_DataType_FLOAT);
    for (const std::int64_t d : dims)
    {
        auto* dim = tensor->mutable_shape()->add_dim();
        if (d < 0)
        {
            dim->set_dim_param("batch");
        }
        else
        {
            dim->set_dim_value(d);
        }
    }
}

/**
 * x (1x4x4) -> conv 3x3 (2 ch) -> relu = t1 -> conv 3x3 -> add(t1) -> relu = t2 -> flatten ->
 * gemm = exit1; t1 -> flatten -> gemm = exit0.
 */
onnx::ModelProto
TwoExitResidual()
{
    onnx::ModelProto model;
    model.set_ir_version(7);
    model.add_opset_import()->set_version(13);
    onnx::GraphProto& g = *model.mutable_graph();
    AddValue(g.mutable_input(), "x", { -1, 1, 4, 4 });
    AddInitializer(g, "w1", { 2, 1, 3, 3 });
    AddInitializer(g, "w2", { 2, 2, 3, 3 });
    AddInitializer(g, "fc0", { 3, 32 });
    AddInitializer(g, "fc1", { 3, 32 }, -0.25F);
    AddInts(AddNode(g, "Conv", { "x", "w1" }, "c1"), "pads", { 1, 1, 1, 1 });
    AddNode(g, "Relu", { "c1" }, "t1");
    AddInts(AddNode(g, "Conv", { "t1", "w2" }, "c2"), "pads", { 1, 1, 1, 1 });
    AddNode(g, "Add", { "c2", "t1" }, "s");
    AddNode(g, "Relu", { "s" }, "t2");
    AddNode(g, "Flatten", { "t1" }, "f0");
    AddInt(AddNode(g, "Gemm", { "f0", "fc0" }, "exit0"), "transB", 1);
    AddNode(g, "Flatten", { "t2" }, "f1");
    AddInt(AddNode(g, "Gemm", { "f1", "fc1" }, "exit1"), "transB", 1);
    AddValue(g.mutable_output(), "exit0", { -1, 3 });
    AddValue(g.mutable_output(), "exit1", { -1, 3 });
    return model;
}

std::string
Write(const test::TempDir& dir, const std::string& name, const onnx::ModelProto& model)
{
    std::ofstream(dir.File(name), std::ios::binary) << model.SerializeAsString();
    return dir.File(name);
}

} // namespace

TEST_CASE("a residual two-exit graph is cut where its first exit branches off")
{
    test::TempDir dir;
    MultiExitModel model = ImportOnnx(Write(dir, "net.onnx", TwoExitResidual()), {});
    REQUIRE(model.SegmentCount() == 2);
    CHECK(model.Name() == "net");
    CHECK(model.InputShape() == SampleShape{ 1, 4, 4 });
    CHECK(model.Classes() == 3);
    CHECK(model.SegmentOutputShape(0) == SampleShape{ 2, 4, 4 }); // t1 crosses the network
    const Architecture arch = model.GetArchitecture();
    CHECK(arch.segments[0].body.size() == 2); // conv, relu
    CHECK(arch.segments[1].body.size() == 3); // conv, add, relu
    CHECK(arch.segments[1].body[1].ToString() == "add inputs=0,-1");
    // The gemm weights were [3][32] with transB = 1: eesim's [out][in] as they are.
    CHECK(arch.segments[0].exit.back().ToString() == "linear in_features=32 out_features=3");
    // A forward pass runs every exit.
    const std::vector<Tensor> logits
        = model.ForwardAll(Tensor(2, { 1, 4, 4 }, 1.0F), Mode::kInference);
    CHECK(logits.size() == 2);
}

TEST_CASE("an unsupported operator is named with its node and the supported list")
{
    test::TempDir dir;
    onnx::ModelProto model = TwoExitResidual();
    model.mutable_graph()->mutable_node(4)->set_op_type("Softmax");
    const std::string path = Write(dir, "soft.onnx", model);
    CHECK_THROWS_WITH(ImportOnnx(path, {}),
                      Catch::StartsWith(path
                                        + ": node \"Relu_t2\" is a Softmax, which eesim does "
                                          "not support (supported: Add, AveragePool, "));
}

TEST_CASE("a file that is not ONNX, or is cut short, is refused")
{
    test::TempDir dir;
    std::ofstream(dir.File("text.onnx")) << "this is not a protobuf message at all\n";
    CHECK_THROWS_WITH(ImportOnnx(dir.File("text.onnx"), {}), Catch::Contains("not an ONNX model"));
    const std::string whole = TwoExitResidual().SerializeAsString();
    std::ofstream(dir.File("cut.onnx"), std::ios::binary) << whole.substr(0, whole.size() / 2);
    CHECK_THROWS_WITH(ImportOnnx(dir.File("cut.onnx"), {}), Catch::Contains("not an ONNX model"));
    CHECK_THROWS_WITH(ImportOnnx(dir.File("none.onnx"), {}), Catch::Contains("cannot open"));
}

TEST_CASE("a dynamic dimension other than the batch is refused unless the config gives the input")
{
    test::TempDir dir;
    onnx::ModelProto model = TwoExitResidual();
    model.mutable_graph()
        ->mutable_input(0)
        ->mutable_type()
        ->mutable_tensor_type()
        ->mutable_shape()
        ->mutable_dim(2)
        ->set_dim_param("height");
    const std::string path = Write(dir, "dyn.onnx", model);
    CHECK_THROWS_WITH(ImportOnnx(path, {}),
                      Catch::Contains("input \"x\" has a dynamic or unsupported dimension 2 (only "
                                      "the batch may vary)"));
    OnnxImportOptions options;
    options.input = { 1, 4, 4 };
    CHECK(ImportOnnx(path, options).SegmentCount() == 2);
}

TEST_CASE("an exit that reads the trunk inside a residual block is refused")
{
    test::TempDir dir;
    onnx::ModelProto model = TwoExitResidual();
    // exit0 now reads c2, inside the block whose skip connection bypasses it.
    model.mutable_graph()->mutable_node(5)->set_input(0, "c2");
    const std::string path = Write(dir, "inside.onnx", model);
    CHECK_THROWS_WITH(ImportOnnx(path, {}),
                      Catch::Contains("exit \"exit0\" reads the trunk at \"c2\": an exit must "
                                      "branch off the trunk at one tensor"));
}

TEST_CASE("weights of another type than float32 are refused with the tensor's name")
{
    test::TempDir dir;
    onnx::ModelProto model = TwoExitResidual();
    onnx::TensorProto* w = model.mutable_graph()->mutable_initializer(0);
    w->clear_float_data();
    w->set_data_type(onnx::TensorProto_DataType_DOUBLE);
    for (int i = 0; i < 18; ++i)
    {
        w->add_double_data(0.1);
    }
    const std::string path = Write(dir, "f64.onnx", model);
    CHECK_THROWS_WITH(ImportOnnx(path, {}),
                      path
                          + ": tensor \"w1\" is DOUBLE; eesim imports float32 weights (and int64 "
                            "shapes) only");
}

TEST_CASE("given cuts must be where the exits branch off, and the last one chooses the final head")
{
    test::TempDir dir;
    const std::string path = Write(dir, "net.onnx", TwoExitResidual());
    OnnxImportOptions options;
    options.cuts = { "t1", "s" }; // the final head then begins with the block's last ReLU
    MultiExitModel model = ImportOnnx(path, options);
    CHECK(model.GetArchitecture().segments[1].body.size() == 2);
    CHECK(model.GetArchitecture().segments[1].exit.front().type == "relu");
    options.cuts = { "s", "t2" };
    CHECK_THROWS_WITH(ImportOnnx(path, options),
                      Catch::Contains("cut 0 \"s\" is not where exit 0 branches off (\"t1\")"));
    options.cuts = { "t1", "c2" };
    CHECK_THROWS_WITH(ImportOnnx(path, options),
                      Catch::Contains("cut 1 \"c2\" is not a tensor every path to the last exit "
                                      "passes through"));
    options.cuts = { "t1" };
    CHECK_THROWS_WITH(ImportOnnx(path, options),
                      Catch::Contains("expected one cut per exit (2), got 1"));
}
