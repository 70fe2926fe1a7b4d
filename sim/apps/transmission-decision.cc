#include "sim/apps/transmission-decision.h"

#include "channel/awgn.h"
#include "channel/feature-codec.h"
#include "nn/loss.h"
#include "sim/transport/wire-message.h"

#include <ns3/simulator.h>

namespace eesim
{

bool
ServerWouldBeRight(RunState& state, const RequestRecord& record, std::size_t segment,
                   const Tensor& features, int from, int to)
{
    MultiExitModel& model = state.Model();
    const Scenario& scenario = state.GetScenario();
    Tensor x = model.Encode(segment, features, Mode::kInference);
    if (scenario.channel.IsAnalog(from, to))
    {
        LinkChannels& channels = state.Channels();
        const double snr = channels.TrueSnrDb(from, to, ns3::Simulator::Now().GetSeconds());
        AddAwgn(x.Data(), x.Size(), snr, channels.AnalogNoiseSeed(from, to, record.id));
    }
    else
    {
        const auto bytes = FeatureCodec::Encode(x, scenario.encoding);
        x = FeatureCodec::Decode(bytes.data(), bytes.size(), x.Shape(), scenario.encoding);
    }
    x = model.Decode(segment, x, Mode::kInference);
    for (std::size_t k = segment + 1; k < model.SegmentCount(); ++k)
    {
        x = model.RunSegment(k, x, Mode::kInference);
    }
    const Tensor logits = model.RunExit(model.SegmentCount() - 1, x, Mode::kInference);
    return ArgMax(logits, 0) == record.label;
}

bool
DecideTransmission(RunState& state, RequestRecord& record, std::size_t segment,
                   const Tensor& features, const ExitObservation& exit, int prediction, int from,
                   int to)
{
    const Scenario& scenario = state.GetScenario();
    const TransmissionPolicy& policy = state.TransmissionFor(from, to);
    TransmissionObservation observation;
    observation.exitIndex = int(segment);
    observation.probabilities = exit.probabilities;
    observation.statistics = exit.statistics;
    observation.snrDb = state.Channels().EstimateSnrDb(from, to);
    record.csiSnrDb = observation.snrDb;
    if (policy.NeedsOutcomes())
    {
        observation.earlyCorrect = prediction == record.label;
        observation.serverCorrect = ServerWouldBeRight(state, record, segment, features, from, to);
    }
    const bool transmit = policy.ShouldTransmit(observation);

    const std::size_t elements = state.Model().LinkShape(segment).Count();
    ++record.tdDecisions;
    if (scenario.channel.IsAnalog(from, to))
    {
        record.tdOfferedSymbols += elements;
        record.tdSentSymbols += transmit ? elements : 0;
    }
    else
    {
        const std::uint64_t bytes
            = FeatureCodec::EncodedBytes(scenario.encoding, elements) + WireMessage::kHeaderBytes;
        record.tdOfferedBytes += bytes;
        record.tdSentBytes += transmit ? bytes : 0;
    }
    return transmit;
}

} // namespace eesim
