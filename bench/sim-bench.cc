// Host-time throughput of whole simulations: the quickstart scenario (one device, one server,
// 802.11ax, confidence exits) with two encodings, and the noisy-channel split of td-awgn.json
// (analog link, or int8 symbols over Wi-Fi) with a calibrated TD and with the oracle, whose
// counterfactual server pass runs for every request; and, for how runs scale in the number of
// devices, bench/many-devices.py's scenarios of 100 and 300 devices with one request each.
// Reports simulated requests per second of wall-clock time. Run: build/release/bench/sim_bench
// (--benchmark_filter=ManyDevices for the device-count rows only).
#include "sim/scenario/scenario.h"
#include "sim/simulation.h"

#include <benchmark/benchmark.h>
#include <cstdlib>
#include <string>
#include <vector>

namespace
{

void
BM_Quickstart(benchmark::State& state, const std::string& encoding)
{
    const int requests = int(state.range(0));
    char folder[] = "/tmp/eesim-bench-XXXXXX";
    const std::string out = mkdtemp(folder);
    const eesim::Scenario scenario = eesim::LoadScenario(
        EESIM_SOURCE_DIR "/scenarios/quickstart.json",
        { "requests.count=" + std::to_string(requests), "transport.encoding=" + encoding });
    for (auto _ : state)
    {
        benchmark::DoNotOptimize(eesim::RunSimulation(scenario, out));
    }
    state.counters["requests/s"]
        = benchmark::Counter(double(requests), benchmark::Counter::kIsIterationInvariantRate);
    std::system(("rm -rf '" + out + "'").c_str());
}
BENCHMARK_CAPTURE(BM_Quickstart, float32, std::string("float32"))
    ->Arg(1000)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Quickstart, int8, std::string("int8"))
    ->Arg(1000)
    ->Unit(benchmark::kMillisecond);

void
BM_TdAwgn(benchmark::State& state, const std::vector<std::string>& settings)
{
    const int requests = int(state.range(0));
    char folder[] = "/tmp/eesim-bench-XXXXXX";
    const std::string out = mkdtemp(folder);
    std::vector<std::string> sets
        = { "requests.count=" + std::to_string(requests), "channel.snr_db=10" };
    sets.insert(sets.end(), settings.begin(), settings.end());
    const eesim::Scenario scenario
        = eesim::LoadScenario(EESIM_SOURCE_DIR "/scenarios/td-awgn.json", sets);
    for (auto _ : state)
    {
        benchmark::DoNotOptimize(eesim::RunSimulation(scenario, out));
    }
    state.counters["requests/s"]
        = benchmark::Counter(double(requests), benchmark::Counter::kIsIterationInvariantRate);
    std::system(("rm -rf '" + out + "'").c_str());
}
BENCHMARK_CAPTURE(BM_TdAwgn, analog_snr_aware, std::vector<std::string>{})
    ->Arg(2000)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_TdAwgn, analog_oracle,
                  std::vector<std::string>{ "policies.transmission.name=oracle",
                                            "policies.transmission.params={}" })
    ->Arg(2000)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_TdAwgn, digital_int8_snr_aware,
                  std::vector<std::string>{ "channel.mode=digital" })
    ->Arg(2000)
    ->Unit(benchmark::kMillisecond);

/** bench/many-devices.py's scenario of `devices` devices, one request each (Python 3 writes it). */
void
BM_ManyDevices(benchmark::State& state)
{
    const int devices = int(state.range(0));
    char folder[] = "/tmp/eesim-bench-XXXXXX";
    const std::string out = mkdtemp(folder);
    const std::string file = out + "/many-devices.json";
    const std::string generate = "/usr/bin/python3 " EESIM_SOURCE_DIR "/bench/many-devices.py "
                                 + std::to_string(devices) + " --out '" + file + "'";
    if (std::system(generate.c_str()) != 0)
    {
        state.SkipWithError("bench/many-devices.py failed");
        return;
    }
    const eesim::Scenario scenario = eesim::LoadScenario(file, {});
    for (auto _ : state)
    {
        benchmark::DoNotOptimize(eesim::RunSimulation(scenario, out));
    }
    state.counters["requests/s"]
        = benchmark::Counter(double(devices), benchmark::Counter::kIsIterationInvariantRate);
    std::system(("rm -rf '" + out + "'").c_str());
}
// Seconds per run: one iteration each.
BENCHMARK(BM_ManyDevices)->Arg(100)->Arg(300)->Iterations(1)->Unit(benchmark::kSecond);

} // namespace

BENCHMARK_MAIN();
