#include "sim/apps/transmission-decision.h"

#include "channel/awgn.h"
#include "nn/loss.h"
#include "sim/transport/wire-message.h"

#include <ns3/simulator.h>

namespace eesim
{

TransmissionDecision::TransmissionDecision(MultiExitModel& model, RunPolicies& policies,
                                           LinkChannels& channels, FeatureEncoding encoding)
    : m_model(model)
    , m_policies(policies)
    , m_channels(channels)
    , m_encoding(encoding)
{
}

bool
TransmissionDecision::ServerWouldBeRight(const RequestRecord& row, std::size_t segment,
                                         const Tensor& features, int from, int to)
{
    Tensor x = m_model.Encode(segment, features, Mode::kInference);
    if (m_channels.CarriesSymbols(from, to))
    {
        // The symbol link's receiver adds this very noise (see LinkSet).
        const double snr = m_channels.TrueSnrDb(from, to, ns3::Simulator::Now().GetSeconds());
        AddAwgn(x.Data(), x.Size(), snr, m_channels.SymbolNoiseSeed(from, to, row.id));
    }
    else
    {
        const auto bytes = FeatureCodec::Encode(x, m_encoding);
        x = FeatureCodec::Decode(bytes.data(), bytes.size(), x.Shape(), m_encoding);
    }
    x = m_model.Decode(segment, x, Mode::kInference);
    for (std::size_t k = segment + 1; k < m_model.SegmentCount(); ++k)
    {
        x = m_model.RunSegment(k, x, Mode::kInference);
    }
    const Tensor logits = m_model.RunExit(m_model.SegmentCount() - 1, x, Mode::kInference);
    return ArgMax(logits, 0) == row.label;
}

bool
TransmissionDecision::Decide(RequestRecord& row, std::size_t segment, const Tensor& features,
                             const ExitObservation& exit, int prediction, int from, int to)
{
    const TransmissionPolicy& policy = m_policies.TransmissionFor(from, to);
    TransmissionObservation observation;
    observation.exitIndex = int(segment);
    observation.probabilities = exit.probabilities;
    observation.statistics = exit.statistics;
    observation.snrDb = m_channels.EstimateSnrDb(from, to);
    row.csiSnrDb = observation.snrDb;
    if (policy.NeedsOutcomes())
    {
        observation.earlyCorrect = prediction == row.label;
        observation.serverCorrect = ServerWouldBeRight(row, segment, features, from, to);
    }
    const bool transmit = policy.ShouldTransmit(observation);

    const std::size_t elements = m_model.LinkShape(segment).Count();
    ++row.tdDecisions;
    if (m_channels.CarriesSymbols(from, to))
    {
        row.tdOfferedSymbols += elements;
        row.tdSentSymbols += transmit ? elements : 0;
    }
    else
    {
        const std::uint64_t bytes
            = FeatureCodec::EncodedBytes(m_encoding, elements) + WireMessage::kHeaderBytes;
        row.tdOfferedBytes += bytes;
        row.tdSentBytes += transmit ? bytes : 0;
    }
    return transmit;
}

} // namespace eesim
