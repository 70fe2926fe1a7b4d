#ifndef EESIM_NN_EVALUATION_H
#define EESIM_NN_EVALUATION_H

#include "nn/dataset.h"
#include "nn/multi-exit-model.h"

#include <functional>
#include <ostream>
#include <vector>

namespace eesim
{

/** Every sample's logits at every exit, with the per-exit accuracy they give. */
struct Evaluation
{
    int samples = 0;
    int exits = 0;
    int classes = 0;
    std::vector<int> labels;
    std::vector<float> logits; // [sample][exit][class]
    std::vector<int> correct;  // per exit

    double Accuracy(int exit) const { return samples ? double(correct[exit]) / samples : 0.0; }
    const float* Logits(int sample, int exit) const
    {
        return logits.data() + (std::size_t(sample) * exits + exit) * classes;
    }
    /** CSV, one row per sample and exit: sample,label,exit,prediction,logit_0,...; values are
     *  printed with 9 significant digits, enough to round-trip float32. */
    void WriteCsv(std::ostream& out) const;
};

/** Runs the model in inference mode over `data`, in parallel (0 threads = all cores). */
/** What a link does to the symbols of samples [first, first + batch) after segment k (see
 *  MultiExitModel::LinkEffect); deterministic evaluations key their noise on `first`. */
using BatchLinkEffect = std::function<void(int first, std::size_t k, Tensor& symbols)>;

Evaluation Evaluate(const MultiExitModel& model, const Dataset& data, int threads = 0,
                    const BatchLinkEffect& link = nullptr);

} // namespace eesim

#endif
