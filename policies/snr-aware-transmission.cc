#include "policies/snr-aware-transmission.h"

#include <cmath>
#include <stdexcept>

namespace eesim
{

SnrAwareTransmission::SnrAwareTransmission(CalibrationTable early, CalibrationTable server,
                                           double margin)
    : m_early(std::move(early))
    , m_server(std::move(server))
    , m_margin(margin)
{
    if (m_early.Accuracy().empty() || m_server.Accuracy().empty())
    {
        throw std::invalid_argument("empty calibration table");
    }
}

bool
SnrAwareTransmission::ShouldTransmit(const TransmissionObservation& o) const
{
    // Lookup(NaN) reads the first bin; spelled out here because the policy depends on it.
    const double server
        = std::isnan(o.snrDb) ? m_server.Accuracy().front() : m_server.Lookup(o.snrDb);
    const double early = m_early.Lookup(o.statistics.maxProbability);
    return server - early > m_margin;
}

} // namespace eesim
