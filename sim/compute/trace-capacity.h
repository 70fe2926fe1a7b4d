#ifndef EESIM_SIM_COMPUTE_TRACE_CAPACITY_H
#define EESIM_SIM_COMPUTE_TRACE_CAPACITY_H

#include "sim/compute/capacity-process.h"

#include <memory>
#include <string>
#include <vector>

namespace eesim
{

/** `trace`: factors from a CSV of `time_s,capacity_factor` rows (increasing times, the first
 *  at 0); each factor holds until the next row, the last until `period_s`, and then the trace
 *  repeats. */
class TraceCapacity : public CapacityProcess
{
  public:
    TraceCapacity(std::vector<double> times, std::vector<double> factors, double periodSeconds);
    /** Reads the CSV (a regular file of at most 16 MiB); every field must be a finite decimal
     *  number in full. Throws eesim::Error("PATH: line N: ...") on a malformed file. */
    static std::unique_ptr<TraceCapacity> FromFile(const std::string& path, double periodSeconds);

    /** Rows in one cycle, the cycle's length (s), and so the changes of factor per second. */
    std::size_t Rows() const { return m_times.size(); }
    double Period() const { return m_period; }
    double ChangesPerSecond() const { return double(m_times.size()) / m_period; }

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
