// Forward-pass speed at batch 1 (what a simulated node does per request), in GFLOP/s by the
// model's own FLOP counts: per segment with its exit head, the whole model with every exit, and
// every convolution layer of the model alone (their total is the "convolutions" row); plus a
// single-core float GEMM for scale.
//
//   build/release/bench/nn_bench [--model=PATH ...] [--benchmark_filter=...] [--benchmark_format=json]
//
// Without --model it times the shipped models (models/*.eem that exist among fmnist-me4 and
// fmnist-resnet-me4). Benchmark names are MODEL/segment:K, MODEL/all_exits, MODEL/conv:LIST:I
// and MODEL/convolutions, and gemm/N.
#include "nn/eigen-maps.h"
#include "nn/layer-factory.h"
#include "nn/layer-graph.h"
#include "nn/model-file.h"

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

namespace
{

using eesim::MultiExitModel;
using eesim::SampleShape;
using eesim::Tensor;

Tensor
RandomInput(SampleShape shape, int batch = 1)
{
    Tensor x(batch, shape);
    eesim::Random random(1);
    for (std::size_t i = 0; i < x.Size(); ++i)
    {
        x[i] = random.Uniform();
    }
    return x;
}

void
ReportFlops(benchmark::State& state, std::uint64_t flops)
{
    state.counters["GFLOP"]
        = benchmark::Counter(double(flops) * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
    state.counters["FLOPs"] = double(flops);
}

/** One convolution layer of a model, built alone for the input shape it sees there. */
struct ConvLayer
{
    std::string name; // "body:3" etc., within its segment
    std::shared_ptr<eesim::Layer> layer;
    SampleShape input;
};

/** Every conv2d of the model with its input shape, found by building each layer list. */
std::vector<ConvLayer>
ConvLayers(const MultiExitModel& model)
{
    const eesim::Architecture architecture = model.GetArchitecture();
    std::vector<ConvLayer> convs;
    eesim::Random random(2);
    for (std::size_t k = 0; k < architecture.segments.size(); ++k)
    {
        const auto& segment = architecture.segments[k];
        const std::vector<std::pair<std::string, std::pair<const std::vector<eesim::LayerSpec>*,
                                                           SampleShape>>>
            lists = { { "body", { &segment.body, model.SegmentInputShape(k) } },
                      { "exit", { &segment.exit, model.SegmentOutputShape(k) } },
                      { "encoder", { &segment.encoder, model.SegmentOutputShape(k) } },
                      { "decoder", { &segment.decoder, model.LinkShape(k) } } };
        for (const auto& [listName, list] : lists)
        {
            const auto graph = eesim::LayerGraph::Build(*list.first, list.second, "bench");
            const auto shapes = graph.Shapes();
            for (std::size_t i = 0; i < shapes.size(); ++i)
            {
                if (shapes[i].spec.type != "conv2d")
                {
                    continue;
                }
                std::shared_ptr<eesim::Layer> layer = eesim::MakeLayer(shapes[i].spec);
                layer->Initialize(random);
                convs.push_back({ std::to_string(k) + "." + listName + ":" + std::to_string(i),
                                  layer, shapes[i].inputs.at(0) });
            }
        }
    }
    return convs;
}

void
RegisterModel(const std::string& path)
{
    auto model = std::make_shared<MultiExitModel>(eesim::ModelFile::Load(path));
    const std::string name = model->Name();

    for (std::size_t k = 0; k < model->SegmentCount(); ++k)
    {
        benchmark::RegisterBenchmark(
            (name + "/segment:" + std::to_string(k)).c_str(),
            [model, k](benchmark::State& state)
            {
                const Tensor x = RandomInput(model->SegmentInputShape(k));
                for (auto _ : state)
                {
                    Tensor features = model->RunSegment(k, x, eesim::Mode::kInference);
                    Tensor logits = model->RunExit(k, features, eesim::Mode::kInference);
                    benchmark::DoNotOptimize(logits.Data());
                }
                ReportFlops(state, model->SegmentFlops(k) + model->ExitFlops(k));
            })
            ->Unit(benchmark::kMicrosecond);
    }

    // What a server running every segment after the first does for a batch of B requests at
    // once: the batched forward passes whose time per batch, relative to B = 1, is the service
    // curve of a batching edge server (docs/reference/compute.md).
    for (const int batch : { 1, 2, 4, 8, 16, 32 })
    {
        if (model->SegmentCount() < 2)
        {
            break;
        }
        benchmark::RegisterBenchmark(
            (name + "/server_segments/batch:" + std::to_string(batch)).c_str(),
            [model, batch](benchmark::State& state)
            {
                const Tensor x = RandomInput(model->SegmentInputShape(1), batch);
                std::uint64_t flops = 0;
                for (std::size_t k = 1; k < model->SegmentCount(); ++k)
                {
                    flops += model->SegmentFlops(k) + model->ExitFlops(k);
                }
                for (auto _ : state)
                {
                    Tensor input = x;
                    for (std::size_t k = 1; k < model->SegmentCount(); ++k)
                    {
                        input = model->RunSegment(k, input, eesim::Mode::kInference);
                        Tensor logits = model->RunExit(k, input, eesim::Mode::kInference);
                        benchmark::DoNotOptimize(logits.Data());
                    }
                }
                ReportFlops(state, flops * std::uint64_t(batch));
            })
            ->Unit(benchmark::kMicrosecond);
    }

    // Every segment, bottleneck and exit head: the trainer's and evaluator's path.
    benchmark::RegisterBenchmark(
        (name + "/all_exits").c_str(),
        [model](benchmark::State& state)
        {
            const Tensor x = RandomInput(model->InputShape());
            std::uint64_t flops = 0;
            for (std::size_t k = 0; k < model->SegmentCount(); ++k)
            {
                flops += model->SegmentFlops(k) + model->ExitFlops(k) + model->EncoderFlops(k)
                         + model->DecoderFlops(k);
            }
            for (auto _ : state)
            {
                auto logits = model->ForwardAll(x, eesim::Mode::kInference);
                benchmark::DoNotOptimize(logits.back().Data());
            }
            ReportFlops(state, flops);
        })
        ->Unit(benchmark::kMicrosecond);

    const auto convs = std::make_shared<std::vector<ConvLayer>>(ConvLayers(*model));
    for (const ConvLayer& conv : *convs)
    {
        benchmark::RegisterBenchmark(
            (name + "/conv:" + conv.name).c_str(),
            [conv](benchmark::State& state)
            {
                const Tensor x = RandomInput(conv.input);
                for (auto _ : state)
                {
                    Tensor y = conv.layer->Forward(x, eesim::Mode::kInference);
                    benchmark::DoNotOptimize(y.Data());
                }
                ReportFlops(state, conv.layer->Flops(conv.input));
                state.SetLabel(conv.input.ToString() + " -> "
                               + conv.layer->OutputShape(conv.input).ToString());
            })
            ->Unit(benchmark::kMicrosecond);
    }
    // Every convolution once, one after the other: their share of the model at their own rate.
    benchmark::RegisterBenchmark(
        (name + "/convolutions").c_str(),
        [convs](benchmark::State& state)
        {
            std::vector<Tensor> inputs;
            std::uint64_t flops = 0;
            for (const ConvLayer& conv : *convs)
            {
                inputs.push_back(RandomInput(conv.input));
                flops += conv.layer->Flops(conv.input);
            }
            for (auto _ : state)
            {
                for (std::size_t i = 0; i < convs->size(); ++i)
                {
                    Tensor y = (*convs)[i].layer->Forward(inputs[i], eesim::Mode::kInference);
                    benchmark::DoNotOptimize(y.Data());
                }
            }
            ReportFlops(state, flops);
        })
        ->Unit(benchmark::kMicrosecond);
}

/** Single-core float32 matrix product n x n x n: the machine's ceiling for our conv/linear. */
void
BM_Gemm(benchmark::State& state)
{
    const auto n = int(state.range(0));
    const eesim::RowMatrix a = eesim::RowMatrix::Random(n, n);
    const eesim::RowMatrix b = eesim::RowMatrix::Random(n, n);
    eesim::RowMatrix c(n, n);
    for (auto _ : state)
    {
        c.noalias() = a * b;
        benchmark::DoNotOptimize(c.data());
    }
    ReportFlops(state, 2ULL * n * n * n);
}
BENCHMARK(BM_Gemm)->Name("gemm")->Arg(64)->Arg(256)->Arg(512)->Unit(benchmark::kMicrosecond);

/** The --model=PATH arguments (removed from argv), or the shipped models that exist. */
std::vector<std::string>
ModelPaths(int& argc, char** argv)
{
    std::vector<std::string> paths;
    int kept = 1;
    for (int i = 1; i < argc; ++i)
    {
        if (std::strncmp(argv[i], "--model=", 8) == 0)
        {
            paths.emplace_back(argv[i] + 8);
        }
        else
        {
            argv[kept++] = argv[i];
        }
    }
    argc = kept;
    if (paths.empty())
    {
        for (const char* shipped : { "fmnist-me4", "fmnist-resnet-me4" })
        {
            const std::string path = std::string(EESIM_SOURCE_DIR "/models/") + shipped + ".eem";
            if (std::ifstream(path).good())
            {
                paths.push_back(path);
            }
        }
    }
    return paths;
}

} // namespace

int
main(int argc, char** argv)
{
    try
    {
        for (const std::string& path : ModelPaths(argc, argv))
        {
            RegisterModel(path);
        }
    }
    catch (const std::exception& e)
    {
        std::fprintf(stderr, "nn_bench: %s\n", e.what());
        return 2;
    }
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
    {
        return 1;
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
