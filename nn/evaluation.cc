#include "nn/evaluation.h"

#include "nn/loss.h"
#include "nn/parallel-for.h"

#include <algorithm>
#include <cstdio>

namespace eesim
{

namespace
{
constexpr int kChunk = 250; // samples per work item
} // namespace

Evaluation
Evaluate(const MultiExitModel& model, const Dataset& data, int threads, const BatchLinkEffect& link)
{
    Evaluation result;
    result.samples = data.Size();
    result.exits = int(model.SegmentCount());
    result.classes = model.Classes();
    result.labels.resize(data.Size());
    result.logits.resize(std::size_t(data.Size()) * result.exits * result.classes);
    const int chunks = (data.Size() + kChunk - 1) / kChunk;
    const int workers = std::min(ResolveThreads(threads), std::max(chunks, 1));
    // One model copy per worker slot: layers are not shared across threads.
    std::vector<MultiExitModel> copies(std::size_t(workers), model);
    ParallelFor(
        workers, workers,
        [&](int worker)
        {
            for (int chunk = worker; chunk < chunks; chunk += workers)
            {
                const int first = chunk * kChunk;
                const int count = std::min(kChunk, data.Size() - first);
                MultiExitModel::LinkEffect chunkLink = nullptr;
                if (link)
                {
                    chunkLink = [&](std::size_t k, Tensor& symbols) { link(first, k, symbols); };
                }
                const auto logits = copies[worker].ForwardAll(
                    data.Images(first, count, model.Preprocessing()), Mode::kInference, chunkLink);
                for (int n = 0; n < count; ++n)
                {
                    result.labels[first + n] = data.Label(first + n);
                    for (int k = 0; k < result.exits; ++k)
                    {
                        std::copy(logits[k].Sample(n), logits[k].Sample(n) + result.classes,
                                  result.logits.begin()
                                      + std::ptrdiff_t((std::size_t(first + n) * result.exits + k)
                                                       * result.classes));
                    }
                }
            }
        });
    result.correct.assign(result.exits, 0);
    for (int n = 0; n < result.samples; ++n)
    {
        for (int k = 0; k < result.exits; ++k)
        {
            const float* row = result.Logits(n, k);
            const int prediction = int(std::max_element(row, row + result.classes) - row);
            result.correct[k] += prediction == result.labels[n] ? 1 : 0;
        }
    }
    return result;
}

void
Evaluation::WriteCsv(std::ostream& out) const
{
    out << "sample,label,exit,prediction";
    for (int c = 0; c < classes; ++c)
    {
        out << ",logit_" << c;
    }
    out << "\n";
    char number[32];
    for (int n = 0; n < samples; ++n)
    {
        for (int k = 0; k < exits; ++k)
        {
            const float* row = Logits(n, k);
            out << n << "," << labels[n] << "," << k << ","
                << (std::max_element(row, row + classes) - row);
            for (int c = 0; c < classes; ++c)
            {
                std::snprintf(number, sizeof number, "%.9g", double(row[c]));
                out << "," << number;
            }
            out << "\n";
        }
    }
}

} // namespace eesim
