#ifndef EESIM_TESTS_FUZZ_FUZZ_HARNESS_H
#define EESIM_TESTS_FUZZ_FUZZ_HARNESS_H

// What each fuzz target does with one input, shared by the libFuzzer targets (scripts/fuzz) and
// by the CTest entries that replay every seed and regression input in the ordinary build
// (tests/fuzz/fuzz-inputs-test.cc). Each Try... function returns true when the input was
// accepted and used, false when it was refused with eesim::Error -- the expected answer to bad
// input. Any other exception escapes to the caller (it would reach a user as "internal error"),
// and a crash, abort or sanitizer report ends the process: both are findings.
#include "base/crc32.h"
#include "base/error.h"
#include "cli/train-config.h"
#include "nn/cifar-file.h"
#include "nn/dataset-formats.h"
#include "nn/idx-file.h"
#include "nn/model-file.h"
#include "nn/npy-file.h"
#include "nn/onnx/onnx-importer.h"
#include "sim/scenario/scenario.h"
#include "sim/topology/topology-builder.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <ns3/simulator.h>
#include <string>
#include <vector>

namespace eesim::fuzz
{

/**
 * A private temporary folder, removed with everything in it at the end: `scenarios/` holds the
 * input file, `models` links to the repository's models/ (so the shipped scenarios'
 * "../models/fmnist-me4.eem" resolves and the checks against the model are reached),
 * `scenarios/load.csv` is a capacity trace for inputs that name one, and `out/` receives what a
 * topology writes (pcap traces).
 */
class ScratchFolder
{
  public:
    explicit ScratchFolder(const std::string& prefix)
    {
        const char* tmp = std::getenv("TMPDIR");
        std::string pattern
            = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/" + prefix + "-XXXXXX";
        if (mkdtemp(pattern.data()) == nullptr)
        {
            std::abort(); // the harness itself failed
        }
        m_path = pattern;
        std::filesystem::create_directories(m_path + "/scenarios");
        std::filesystem::create_directories(m_path + "/out");
        std::filesystem::create_directory_symlink(std::string(EESIM_SOURCE_DIR) + "/models",
                                                  m_path + "/models");
        std::ofstream(m_path + "/scenarios/load.csv") << "time_s,capacity_factor\n0,1\n2,0.5\n";
    }
    ~ScratchFolder()
    {
        std::error_code ignored;
        std::filesystem::remove_all(m_path, ignored);
    }
    ScratchFolder(const ScratchFolder&) = delete;
    ScratchFolder& operator=(const ScratchFolder&) = delete;

    const std::string& Path() const { return m_path; }

    /** Writes `bytes` to `name` inside the folder and returns its path. */
    std::string Write(const std::string& name, const std::string& bytes) const
    {
        const std::string path = m_path + "/" + name;
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), std::streamsize(bytes.size()));
        if (!out)
        {
            std::abort(); // the harness itself failed, not the loader
        }
        return path;
    }

    /** Empties out/ between inputs. */
    void ClearOutput() const
    {
        std::error_code ignored;
        std::filesystem::remove_all(m_path + "/out", ignored);
        std::filesystem::create_directories(m_path + "/out");
    }

  private:
    std::string m_path;
};

/** A scenario input: the bytes up to the first NUL are the scenario file; after it, each line
 *  is one `--set a.b.c=VALUE` option, applied in order. */
struct ScenarioInput
{
    std::string file;
    std::vector<std::string> overrides;
};

inline ScenarioInput
SplitScenarioInput(const std::string& input)
{
    ScenarioInput split;
    const std::size_t nul = input.find('\0');
    split.file = input.substr(0, nul);
    if (nul != std::string::npos)
    {
        std::size_t start = nul + 1;
        while (start <= input.size())
        {
            const std::size_t end = std::min(input.find('\n', start), input.size());
            split.overrides.push_back(input.substr(start, end - start));
            start = end + 1;
        }
    }
    return split;
}

/** Every regular file in `folder` (none when it does not exist), sorted by name. */
inline std::vector<std::string>
FilesIn(const std::string& folder)
{
    std::vector<std::string> files;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(folder, error))
    {
        if (entry.is_regular_file())
        {
            files.push_back(entry.path().string());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

inline std::string
ReadBytes(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return { std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>() };
}

/** Loads a scenario input as `validate` does and, when it is valid, builds its ns-3 network as
 *  `run` does before the first event: what validate accepts must be buildable. */
inline bool
TryScenario(const ScratchFolder& scratch, const std::string& input)
{
    const ScenarioInput split = SplitScenarioInput(input);
    const std::string path = scratch.Write("scenarios/input.json", split.file);
    Scenario scenario;
    try
    {
        scenario = LoadScenario(path, split.overrides);
    }
    catch (const Error&)
    {
        return false;
    }
    scratch.ClearOutput();
    {
        const Topology topology = TopologyBuilder::Build(scenario, scratch.Path() + "/out");
        (void)topology.addresses.size();
    }
    ns3::Simulator::Destroy();
    return true;
}

inline bool
EndsWith(const std::string& text, const std::string& suffix)
{
    return text.size() >= suffix.size()
           && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/** The files of `folder` whose names end in `suffix`, in file-name order. */
inline std::vector<std::string>
FilesEndingIn(const std::string& folder, const std::string& suffix)
{
    std::vector<std::string> chosen;
    for (const std::string& path : FilesIn(folder))
    {
        if (EndsWith(path, suffix))
        {
            chosen.push_back(path);
        }
    }
    return chosen;
}

/** The shipped scenario files, in file-name order: the .json files of scenarios/ but the JSON
 *  Schema that lives beside them. */
inline std::vector<std::string>
ShippedScenarioFiles()
{
    std::vector<std::string> scenarios;
    for (const std::string& path :
         FilesEndingIn(std::string(EESIM_SOURCE_DIR) + "/scenarios", ".json"))
    {
        if (!EndsWith(path, ".schema.json"))
        {
            scenarios.push_back(path);
        }
    }
    return scenarios;
}

/** The shipped scenarios' texts, in file-name order: what `--set` inputs apply to. */
inline std::vector<std::string>
ShippedScenarios()
{
    std::vector<std::string> texts;
    for (const std::string& path : ShippedScenarioFiles())
    {
        texts.push_back(ReadBytes(path));
    }
    return texts;
}

/** A `--set` input: its first byte picks one of `scenarios` (by index, modulo their number),
 *  the rest are `--set` lines applied to it in order. A new shipped scenario shifts the
 *  indices: the regression inputs' first bytes then need updating (the replay test, which
 *  requires each regression to be refused, says which). */
inline bool
TrySetOptions(const ScratchFolder& scratch, const std::vector<std::string>& scenarios,
              const std::string& input)
{
    if (input.empty() || scenarios.empty())
    {
        return false;
    }
    const std::string& scenario = scenarios[std::uint8_t(input[0]) % scenarios.size()];
    return TryScenario(scratch, scenario + '\0' + input.substr(1));
}

/** What a user of a loaded model does with it: model info's figures and, for a model small
 *  enough to run quickly, a forward pass through every exit and bottleneck. */
inline void
UseModel(MultiExitModel& model)
{
    std::uint64_t flops = model.FullFlops();
    for (std::size_t k = 0; k < model.SegmentCount(); ++k)
    {
        flops += model.ExitFlops(k);
        (void)model.SegmentFlops(k);
        (void)model.SegmentOutputBytes(k);
        if (model.HasBottleneck(k))
        {
            flops += model.EncoderFlops(k) + model.DecoderFlops(k);
            (void)model.LinkShape(k);
        }
    }
    (void)model.ParameterCount();
    // The round trip the model file relies on: the header a loaded model would write back out
    // must read again.
    (void)Architecture::FromText(model.GetArchitecture().ToText());
    // Keep each input to milliseconds; a real model is far larger, but shapes are what matter.
    constexpr std::uint64_t kMaxFlops = 20000000;
    if (flops <= kMaxFlops && model.InputShape().Count() <= 100000)
    {
        const Tensor input(1, model.InputShape(), 0.5F);
        const std::vector<Tensor> logits = model.ForwardAll(input, Mode::kInference);
        if (logits.size() != model.SegmentCount())
        {
            std::abort();
        }
    }
}

inline bool
TryModelBytes(const ScratchFolder& scratch, const std::string& bytes)
{
    const std::string path = scratch.Write("input.eem", bytes);
    try
    {
        MultiExitModel model = ModelFile::Load(path);
        (void)ModelFile::Checksum(path);
        UseModel(model);
        return true;
    }
    catch (const Error&)
    {
        return false;
    }
}

/**
 * A model-file input. A file whose CRC-32 does not match is refused before its header is read,
 * so random mutations would almost never get past the checksum: each input is loaded twice, once
 * as it is (the framing and checksum checks) and once with its last four bytes replaced by the
 * right CRC-32 (the header parser, the shape checks and the model builder behind them). True
 * when either was accepted.
 */
inline bool
TryModelFile(const ScratchFolder& scratch, std::string bytes)
{
    bool accepted = TryModelBytes(scratch, bytes);
    if (bytes.size() >= 4)
    {
        const std::size_t body = bytes.size() - 4;
        const std::uint32_t crc = Crc32(bytes.data(), body);
        for (int i = 0; i < 4; ++i)
        {
            bytes[body + std::size_t(i)] = char((crc >> (8 * i)) & 0xFFU); // little-endian
        }
        accepted = TryModelBytes(scratch, bytes) || accepted;
    }
    return accepted;
}

/** An ONNX input, imported as `eesim model import` does, and the model used. */
inline bool
TryOnnxImport(const ScratchFolder& scratch, const std::string& bytes)
{
    const std::string path = scratch.Write("input.onnx", bytes);
    try
    {
        MultiExitModel model = ImportOnnx(path, {});
        UseModel(model);
        return true;
    }
    catch (const Error&)
    {
        return false;
    }
}

/** A training-config input, read as `eesim train` does, and the untrained model it describes
 *  built (and run once when small), as train does before its first batch. */
inline bool
TryTrainConfig(const ScratchFolder& scratch, const std::string& text)
{
    const std::string path = scratch.Write("scenarios/input.train.json", text);
    try
    {
        const TrainConfig config = LoadTrainConfig(path);
        MultiExitModel model = MultiExitModel::Build(config.architecture);
        UseModel(model);
        return true;
    }
    catch (const Error&)
    {
        return false;
    }
}

/** Runs `read`; true when it returned, false when it refused its input with eesim::Error. */
template <typename Read>
bool
Accepts(const Read& read)
{
    try
    {
        read();
        return true;
    }
    catch (const Error&)
    {
        return false;
    }
}

/** The test part of the data set `source` names, whose images file holds the input: labels of
 *  the count the input's header declares are written beside it, then it is checked and loaded
 *  as validate and the commands do. */
inline bool
TryDatasetFolder(const DatasetSource& source, const std::string& labelsPath, std::uint64_t samples,
                 bool npyLabels)
{
    if (samples == 0 || samples > 1000000)
    {
        return false;
    }
    std::string labels;
    if (npyLabels)
    {
        std::string header = "{'descr': '|u1', 'fortran_order': False, 'shape': ("
                             + std::to_string(samples) + ",), }\n";
        labels = std::string("\x93NUMPY\x01\x00", 8) + char(header.size() & 0xFF)
                 + char(header.size() >> 8) + header;
    }
    else
    {
        labels = std::string("\0\0\x08\x01", 4);
        for (int shift = 24; shift >= 0; shift -= 8)
        {
            labels += char((samples >> shift) & 0xFF);
        }
    }
    labels += std::string(std::size_t(samples), '\x01');
    std::ofstream(labelsPath, std::ios::binary) << labels;
    bool accepted = Accepts([&] { (void)ReadDatasetHeader(source, false); });
    return Accepts(
               [&]
               {
                   const Dataset data = Dataset::Load(source, Split::kTest);
                   InputPreprocessing preprocessing;
                   preprocessing.bgr = true;
                   (void)data.Images(0, std::min(data.Size(), 4), preprocessing);
               })
           || accepted;
}

/**
 * A data set file input, read by every data set reader: as a .npy array (the images' and the
 * labels' dtypes, whole and header alone), an IDX file (whole and header alone), a CIFAR-10 and
 * a CIFAR-100 batch, and then as the test images of an `npy` data set (both layouts) and an
 * `idx` one, beside a label file of the count its header declares, through the header check
 * validate makes and the loader with a first batch of model input. True when any accepted it.
 */
inline bool
TryDataFile(const ScratchFolder& scratch, const std::string& bytes)
{
    std::filesystem::create_directories(scratch.Path() + "/data");
    const std::string npy = scratch.Write("data/test_images.npy", bytes);
    const std::string idx = scratch.Write("data/t10k-images-idx3-ubyte", bytes);
    bool accepted = false;
    accepted |= Accepts([&] { (void)ReadNpyFile(npy, { "|u1", "<f4" }); });
    accepted |= Accepts([&] { (void)ReadNpyFile(npy, { "<i8", "<i4", "|u1" }); });
    accepted |= Accepts([&] { (void)ReadIdxFile(idx, 1, 4); });
    accepted |= Accepts([&] { (void)ReadIdxHeader(idx, 1, 4); });
    accepted |= Accepts([&] { (void)ReadCifarFile(npy, 1, 10); });
    accepted |= Accepts([&] { (void)ReadCifarFile(npy, 2, 100); });
    DatasetSource source;
    source.dir = scratch.Path() + "/data";
    source.format = "npy";
    NpyArray header;
    if (Accepts([&] { header = ReadNpyHeader(npy, { "|u1", "<f4" }); }) && !header.shape.empty())
    {
        for (const char* layout : { "nchw", "nhwc" })
        {
            source.layout = layout;
            accepted
                |= TryDatasetFolder(source, source.dir + "/test_labels.npy", header.shape[0], true);
        }
    }
    std::vector<std::uint32_t> dims;
    if (Accepts([&] { dims = ReadIdxHeader(idx, 3, 4); }))
    {
        source.format = "idx";
        accepted
            |= TryDatasetFolder(source, source.dir + "/t10k-labels-idx1-ubyte", dims[0], false);
    }
    return accepted;
}

} // namespace eesim::fuzz

#endif
