#include "policies/snr-aware-transmission.h"

#include "policies/policy-registry.h"

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

namespace
{

[[maybe_unused]] const bool kRegistered = PolicyRegistry::AddCalibratedTransmissionPolicy(
    "snr-aware",
    "transmit when P(server right at the SNR) - P(early exit right at its top-1 probability) > "
    "margin, both read from the calibration tables (the server table of the link's channel "
    "mode); an unknown SNR reads the server table's lowest bin",
    { keys::Number("margin", 0.0, -1.0, 1.0, "accuracy gain the server must promise") },
    [](const nlohmann::json& p, const TransmissionContext& context)
    {
        const Calibration& calibration = *context.calibration;
        return std::make_unique<SnrAwareTransmission>(calibration.earlyExit,
                                                      calibration.ServerTable(context.channelMode),
                                                      p.at("margin").get<double>());
    });

} // namespace

} // namespace eesim
