#ifndef EESIM_SIM_COMPUTE_CAPACITY_PROCESS_H
#define EESIM_SIM_COMPUTE_CAPACITY_PROCESS_H

#include "base/random.h"

#include <deque>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace eesim
{

/**
 * How a node's available compute fluctuates: a piecewise-constant factor of its nominal
 * capacity, generated lazily from the node's own seeded stream so that the sequence never
 * depends on when it is asked for. Queries must not go back before Forget's horizon.
 */
class CapacityProcess
{
  public:
    virtual ~CapacityProcess() = default;

    /** The factor in force at time t (seconds). */
    double FactorAt(double t);
    /** The first time after t at which the factor changes (infinity when it never does). */
    double NextChangeAfter(double t);
    /** Drops pieces that end before t (memory stays bounded over long runs). */
    void Forget(double t);

    /** Builds a process from a scenario's `fluctuation` object (validated already; a trace
     *  path is used as it stands). */
    static std::unique_ptr<CapacityProcess> Create(const nlohmann::json& fluctuation,
                                                   std::uint64_t seed);

  protected:
    struct Piece
    {
        double start;
        double factor;
    };
    /** Appends the next piece; `last` is the previous one (null for the first). */
    virtual Piece NextPiece(const Piece* last) = 0;

  private:
    /** Index of the piece holding t, generating pieces as needed. */
    std::size_t IndexAt(double t);

    std::deque<Piece> m_pieces;
};

/** `constant`: the factor is 1 forever. */
class ConstantCapacity : public CapacityProcess
{
  protected:
    Piece NextPiece(const Piece* last) override;
};

/** `markov`: a continuous-time Markov chain over states (factor, mean dwell time); each dwell
 *  is exponential with the state's mean, and the next state is drawn uniformly among the
 *  others. Starts in state 0. */
class MarkovCapacity : public CapacityProcess
{
  public:
    MarkovCapacity(std::vector<double> factors, std::vector<double> meanDwellSeconds,
                   std::uint64_t seed);

  protected:
    Piece NextPiece(const Piece* last) override;

  private:
    std::vector<double> m_factors;
    std::vector<double> m_meanDwell;
    Random m_random;
    std::size_t m_state = 0;
    double m_nextStart = 0.0;
};

/** `lognormal-ar1`: log(factor) is an AR(1) process sampled every `step` seconds with mean mu,
 *  stationary standard deviation sigma and correlation time tau:
 *  x' = mu + rho (x - mu) + sigma sqrt(1 - rho^2) eps, rho = exp(-step / tau). Starts at mu. */
class LognormalAr1Capacity : public CapacityProcess
{
  public:
    LognormalAr1Capacity(double mu, double sigma, double tauSeconds, double stepSeconds,
                         std::uint64_t seed);

  protected:
    Piece NextPiece(const Piece* last) override;

  private:
    double m_mu;
    double m_sigma;
    double m_rho;
    double m_step;
    Random m_random;
    double m_log;
};

/** `trace`: factors from a CSV of `time_s,capacity_factor` rows (increasing times, the first
 *  at 0); each factor holds until the next row, the last until `period_s`, and then the trace
 *  repeats. */
class TraceCapacity : public CapacityProcess
{
  public:
    TraceCapacity(std::vector<double> times, std::vector<double> factors, double periodSeconds);
    /** Reads the CSV; throws eesim::Error("PATH: line N: ...") on a malformed file. */
    static std::unique_ptr<TraceCapacity> FromFile(const std::string& path, double periodSeconds);

  protected:
    Piece NextPiece(const Piece* last) override;

  private:
    std::vector<double> m_times;
    std::vector<double> m_factors;
    double m_period;
    std::size_t m_next = 0;
    double m_cycleStart = 0.0;
};

} // namespace eesim

#endif
