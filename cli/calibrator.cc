#include "cli/calibrator.h"

#include "base/error.h"
#include "base/random.h"
#include "base/seed-streams.h"
#include "channel/awgn.h"
#include "channel/feature-codec.h"
#include "nn/loss.h"
#include "nn/parallel-for.h"
#include "policies/learned-transmission.h"

#include <algorithm>
#include <cmath>

namespace eesim
{

namespace
{

constexpr int kChunk = 250; // samples per work item

/** Samples [first, first + count) of a batch tensor. */
Tensor
Rows(const Tensor& all, int first, int count)
{
    Tensor rows(count, all.Shape());
    std::copy(all.Sample(first), all.Sample(first) + std::size_t(count) * all.SampleSize(),
              rows.Data());
    return rows;
}

std::vector<double>
Edges(double low, double high, int bins)
{
    std::vector<double> edges;
    for (int i = 0; i <= bins; ++i)
    {
        edges.push_back(low + (high - low) * i / bins);
    }
    return edges;
}

int
ResolveSplit(const MultiExitModel& model, int requested)
{
    if (requested >= 0)
    {
        if (std::size_t(requested) + 1 >= model.SegmentCount())
        {
            throw Error("--split " + std::to_string(requested) + ": the model has "
                        + std::to_string(model.SegmentCount())
                        + " segments; the split must leave at least one for the server");
        }
        return requested;
    }
    for (std::size_t k = 0; k + 1 < model.SegmentCount(); ++k)
    {
        if (model.HasBottleneck(k))
        {
            return int(k);
        }
    }
    return 0;
}

} // namespace

Calibrator::Calibrator(MultiExitModel& model, const Dataset& data, CalibrationOptions options)
    : m_model(model)
    , m_data(data)
    , m_options(options)
    , m_split(ResolveSplit(model, options.split))
{
    if (!(m_options.snrStepDb > 0) || m_options.snrMaxDb < m_options.snrMinDb)
    {
        throw Error("the SNR grid needs a positive step and snr-max >= snr-min");
    }
    // The device's part once for all: features at the split and the early exit's statistics.
    m_features = Tensor(data.Size(), model.SegmentOutputShape(std::size_t(m_split)));
    m_statistics.resize(std::size_t(data.Size()));
    m_earlyCorrect.resize(std::size_t(data.Size()));
    for (int first = 0; first < data.Size(); first += kChunk)
    {
        const int count = std::min(kChunk, data.Size() - first);
        Tensor x = data.Images(first, count, model.Preprocessing());
        for (int k = 0; k <= m_split; ++k)
        {
            x = model.RunSegment(std::size_t(k), x, Mode::kInference);
        }
        const Tensor logits = model.RunExit(std::size_t(m_split), x, Mode::kInference);
        std::copy(x.Data(), x.Data() + x.Size(), m_features.Sample(first));
        for (int n = 0; n < count; ++n)
        {
            const float* row = logits.Sample(n);
            m_statistics[first + n]
                = ExitStatistics::FromLogits(std::vector<double>(row, row + logits.SampleSize()));
            m_earlyCorrect[first + n] = ArgMax(logits, n) == data.Label(first + n);
        }
    }
}

std::vector<bool>
Calibrator::ServerCorrect(const LinkEffect& link)
{
    const int samples = m_data.Size();
    const int chunks = (samples + kChunk - 1) / kChunk;
    const int workers = std::min(ResolveThreads(m_options.threads), std::max(chunks, 1));
    std::vector<MultiExitModel> copies(std::size_t(workers), m_model);
    std::vector<char> correct(std::size_t(samples), 0);
    const std::size_t split = std::size_t(m_split);
    ParallelFor(workers, workers,
                [&](int worker)
                {
                    MultiExitModel& model = copies[std::size_t(worker)];
                    for (int chunk = worker; chunk < chunks; chunk += workers)
                    {
                        const int first = chunk * kChunk;
                        const int count = std::min(kChunk, samples - first);
                        Tensor symbols
                            = model.Encode(split, Rows(m_features, first, count), Mode::kInference);
                        for (int n = 0; n < count; ++n)
                        {
                            Tensor one = Rows(symbols, n, 1);
                            link(first + n, one);
                            std::copy(one.Data(), one.Data() + one.Size(), symbols.Sample(n));
                        }
                        Tensor x = model.Decode(split, symbols, Mode::kInference);
                        for (std::size_t k = split + 1; k < model.SegmentCount(); ++k)
                        {
                            x = model.RunSegment(k, x, Mode::kInference);
                        }
                        const Tensor logits
                            = model.RunExit(model.SegmentCount() - 1, x, Mode::kInference);
                        for (int n = 0; n < count; ++n)
                        {
                            correct[std::size_t(first + n)]
                                = ArgMax(logits, n) == m_data.Label(first + n);
                        }
                    }
                });
    return std::vector<bool>(correct.begin(), correct.end());
}

std::vector<double>
Calibrator::SnrGrid() const
{
    std::vector<double> grid;
    const int points
        = int(std::floor((m_options.snrMaxDb - m_options.snrMinDb) / m_options.snrStepDb + 1e-9));
    for (int i = 0; i <= points; ++i)
    {
        grid.push_back(m_options.snrMinDb + i * m_options.snrStepDb);
    }
    return grid;
}

void
Calibrator::AddDigitalMode(Calibration& calibration, FeatureEncoding encoding)
{
    // Bits arrive intact or not at all: only the encoding's rounding reaches the server.
    const std::vector<bool> server = ServerCorrect(
        [&](int, Tensor& symbols)
        {
            const auto bytes = FeatureCodec::Encode(symbols, encoding);
            symbols = FeatureCodec::Decode(bytes.data(), bytes.size(), symbols.Shape(), encoding);
        });
    const std::vector<double> grid = SnrGrid();
    const double half = m_options.snrStepDb / 2;
    const std::string mode = "digital-" + FeatureEncodingName(encoding);
    calibration.serverTables[mode]
        = CalibrationTable::Build(std::vector<double>(server.size(), grid.front()), server,
                                  { grid.front() - half, grid.back() + half });
    // The SNR of a digital link says nothing about the answer; draws from the grid let the
    // learned model find that out.
    Random draw(StreamSeed(SeedStream::kCalibrationDraw, m_options.seed));
    std::vector<double> snrs;
    for (std::size_t n = 0; n < server.size(); ++n)
    {
        snrs.push_back(grid[draw.Below(grid.size())]);
    }
    calibration.learnedModels[mode] = FitLearned(m_statistics, snrs, m_earlyCorrect, server);
}

void
Calibrator::AddAnalogMode(Calibration& calibration)
{
    const std::vector<double> grid = SnrGrid();
    std::vector<double> snrs;
    std::vector<bool> server;
    std::vector<ExitStatistics> statistics;
    std::vector<bool> early;
    for (std::size_t g = 0; g < grid.size(); ++g)
    {
        const std::vector<bool> correct = ServerCorrect(
            [&](int sample, Tensor& symbols)
            {
                const std::uint64_t key = std::uint64_t(sample) * grid.size() + g;
                AddAwgn(symbols.Data(), symbols.Size(), grid[g], NoiseSeed(m_options.seed, key));
            });
        snrs.insert(snrs.end(), correct.size(), grid[g]);
        server.insert(server.end(), correct.begin(), correct.end());
        statistics.insert(statistics.end(), m_statistics.begin(), m_statistics.end());
        early.insert(early.end(), m_earlyCorrect.begin(), m_earlyCorrect.end());
    }
    const double half = m_options.snrStepDb / 2;
    calibration.serverTables["analog"] = CalibrationTable::Build(
        snrs, server, Edges(grid.front() - half, grid.back() + half, int(grid.size())));
    calibration.learnedModels["analog"] = FitLearned(statistics, snrs, early, server);
}

LogisticModel
Calibrator::FitLearned(const std::vector<ExitStatistics>& statistics,
                       const std::vector<double>& snrs, const std::vector<bool>& earlyCorrect,
                       const std::vector<bool>& serverCorrect)
{
    // Our reading of "predict when transmitting helps": among samples whose answers differ,
    // 1 = the server is right (transmitting gains), 0 = the early exit is right (it loses).
    std::vector<std::vector<double>> rows;
    std::vector<int> labels;
    for (std::size_t n = 0; n < statistics.size(); ++n)
    {
        if (earlyCorrect[n] != serverCorrect[n])
        {
            rows.push_back(LearnedTransmission::Features(statistics[n], snrs[n]));
            labels.push_back(serverCorrect[n] ? 1 : 0);
        }
    }
    return LogisticModel::Fit(rows, labels);
}

Calibration
Calibrator::Run(const std::string& modelChecksum)
{
    Calibration calibration;
    calibration.modelName = m_model.Name();
    calibration.modelChecksum = modelChecksum;
    calibration.splitAfterSegment = m_split;
    std::vector<double> confidence;
    for (const auto& s : m_statistics)
    {
        confidence.push_back(s.maxProbability);
    }
    calibration.earlyExit = CalibrationTable::Build(confidence, m_earlyCorrect,
                                                    Edges(0.0, 1.0, m_options.confidenceBins));
    for (FeatureEncoding encoding :
         { FeatureEncoding::kFloat32, FeatureEncoding::kFloat16, FeatureEncoding::kInt8 })
    {
        AddDigitalMode(calibration, encoding);
    }
    if (m_model.HasBottleneck(std::size_t(m_split)))
    {
        AddAnalogMode(calibration);
    }
    return calibration;
}

} // namespace eesim
