// Forward-pass speed of the shipped model at batch 1 (what a simulated node does per request),
// per segment and in full, in GFLOP/s by the model's own FLOP count; plus a single-core float
// GEMM for scale. Run: build/release/bench/nn_bench [--benchmark_filter=...]
#include "nn/eigen-maps.h"
#include "nn/model-file.h"

#include <benchmark/benchmark.h>

namespace
{

eesim::MultiExitModel&
ShippedModel()
{
    static eesim::MultiExitModel model
        = eesim::ModelFile::Load(EESIM_SOURCE_DIR "/models/fmnist-me4.eem");
    return model;
}

eesim::Tensor
RandomInput(eesim::SampleShape shape)
{
    eesim::Tensor x(1, shape);
    eesim::Random random(1);
    for (std::size_t i = 0; i < x.Size(); ++i)
    {
        x[i] = random.Uniform();
    }
    return x;
}

/** Segment k's body and its exit head on one sample. */
void
BM_Segment(benchmark::State& state)
{
    auto& model = ShippedModel();
    const auto k = std::size_t(state.range(0));
    const eesim::Tensor x = RandomInput(model.SegmentInputShape(k));
    for (auto _ : state)
    {
        eesim::Tensor features = model.RunSegment(k, x, eesim::Mode::kInference);
        eesim::Tensor logits = model.RunExit(k, features, eesim::Mode::kInference);
        benchmark::DoNotOptimize(logits.Data());
    }
    state.counters["GFLOP"]
        = benchmark::Counter(double(model.SegmentFlops(k) + model.ExitFlops(k)) * 1e-9,
                             benchmark::Counter::kIsIterationInvariantRate);
    state.SetLabel("segment + exit head, "
                   + std::to_string(model.SegmentFlops(k) + model.ExitFlops(k)) + " FLOPs");
}
BENCHMARK(BM_Segment)->DenseRange(0, 3)->Unit(benchmark::kMicrosecond);

/** Every segment and every exit head on one sample (the trainer's and evaluator's path). */
void
BM_FullModelAllExits(benchmark::State& state)
{
    auto& model = ShippedModel();
    const eesim::Tensor x = RandomInput(model.InputShape());
    std::uint64_t flops = 0;
    for (std::size_t k = 0; k < model.SegmentCount(); ++k)
    {
        flops += model.SegmentFlops(k) + model.ExitFlops(k);
    }
    for (auto _ : state)
    {
        auto logits = model.ForwardAll(x, eesim::Mode::kInference);
        benchmark::DoNotOptimize(logits.back().Data());
    }
    state.counters["GFLOP"]
        = benchmark::Counter(double(flops) * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_FullModelAllExits)->Unit(benchmark::kMicrosecond);

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
    state.counters["GFLOP"]
        = benchmark::Counter(2.0 * n * n * n * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_Gemm)->Arg(64)->Arg(256)->Arg(512)->Unit(benchmark::kMicrosecond);

} // namespace

BENCHMARK_MAIN();
