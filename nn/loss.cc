#include "nn/loss.h"

#include <algorithm>
#include <cmath>

namespace eesim
{

namespace
{

/** log softmax(row / temperature) into out. */
void
LogSoftmaxRow(const float* row, int classes, float temperature, std::vector<double>& out)
{
    out.resize(classes);
    double top = row[0] / temperature;
    for (int c = 1; c < classes; ++c)
    {
        top = std::max(top, double(row[c]) / temperature);
    }
    double sum = 0.0;
    for (int c = 0; c < classes; ++c)
    {
        sum += std::exp(double(row[c]) / temperature - top);
    }
    const double logSum = top + std::log(sum);
    for (int c = 0; c < classes; ++c)
    {
        out[c] = double(row[c]) / temperature - logSum;
    }
}

} // namespace

Tensor
Softmax(const Tensor& logits, float temperature)
{
    Tensor probabilities(logits.Batch(), logits.Shape());
    const int classes = int(logits.SampleSize());
    std::vector<double> logp;
    for (int n = 0; n < logits.Batch(); ++n)
    {
        LogSoftmaxRow(logits.Sample(n), classes, temperature, logp);
        for (int c = 0; c < classes; ++c)
        {
            probabilities.Sample(n)[c] = float(std::exp(logp[c]));
        }
    }
    return probabilities;
}

double
CrossEntropy(const Tensor& logits, const std::vector<int>& labels, double normalizer, float weight,
             Tensor& grad)
{
    const int classes = int(logits.SampleSize());
    std::vector<double> logp;
    double loss = 0.0;
    for (int n = 0; n < logits.Batch(); ++n)
    {
        LogSoftmaxRow(logits.Sample(n), classes, 1.0F, logp);
        loss -= logp[labels[n]];
        for (int c = 0; c < classes; ++c)
        {
            const double target = c == labels[n] ? 1.0 : 0.0;
            grad.Sample(n)[c] += float(weight * (std::exp(logp[c]) - target) / normalizer);
        }
    }
    return loss / normalizer;
}

double
Distillation(const Tensor& student, const Tensor& teacher, float temperature, double normalizer,
             float weight, Tensor& grad)
{
    const int classes = int(student.SampleSize());
    std::vector<double> logq;
    std::vector<double> logp;
    double loss = 0.0;
    for (int n = 0; n < student.Batch(); ++n)
    {
        LogSoftmaxRow(student.Sample(n), classes, temperature, logq);
        LogSoftmaxRow(teacher.Sample(n), classes, temperature, logp);
        for (int c = 0; c < classes; ++c)
        {
            const double p = std::exp(logp[c]);
            loss += temperature * temperature * p * (logp[c] - logq[c]);
            // d/dz of T^2 KL = T (q - p).
            grad.Sample(n)[c] += float(weight * temperature * (std::exp(logq[c]) - p) / normalizer);
        }
    }
    return loss / normalizer;
}

int
ArgMax(const Tensor& logits, int n)
{
    const float* row = logits.Sample(n);
    return int(std::max_element(row, row + logits.SampleSize()) - row);
}

} // namespace eesim
