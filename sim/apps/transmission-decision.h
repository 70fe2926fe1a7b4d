#ifndef EESIM_SIM_APPS_TRANSMISSION_DECISION_H
#define EESIM_SIM_APPS_TRANSMISSION_DECISION_H

#include "channel/feature-codec.h"
#include "nn/multi-exit-model.h"
#include "nn/tensor.h"
#include "policies/observations.h"
#include "sim/record/request-record.h"
#include "sim/run/run-policies.h"
#include "sim/topology/link-channels.h"

namespace eesim
{

/**
 * The transmission decision a stage worker takes before a link: fills the TD policy's
 * observation (the early exit's statistics, the channel-state estimate, and for the oracle
 * both outcomes), asks the link's policy, and books what always-transmit would have sent.
 */
class TransmissionDecision
{
  public:
    /** `channels` says which links carry symbols and what they do to them, `encoding` how the
     *  other links' messages carry features. All references must outlive the object. */
    TransmissionDecision(MultiExitModel& model, RunPolicies& policies, LinkChannels& channels,
                         FeatureEncoding encoding);

    /** The decision before the link from node `from` to node `to`, after segment `segment`
     *  produced `features` and its exit `exit` (prediction `prediction`). Books on `row` the
     *  SNR estimate seen and what always-transmit would have sent here (message bytes, or
     *  symbols on a link that carries symbols) and what is sent. True to transmit. */
    bool Decide(RequestRecord& row, std::size_t segment, const Tensor& features,
                const ExitObservation& exit, int prediction, int from, int to);

    /** Whether the server would answer request `row` right if the features were sent now: the
     *  bottleneck's encoder, the link (the message encoding's rounding, or the very noise a
     *  symbol link will add to this request at the SNR it has now), the decoder, and every
     *  later segment to the final exit. The oracle's knowledge; not charged as compute. */
    bool ServerWouldBeRight(const RequestRecord& row, std::size_t segment, const Tensor& features,
                            int from, int to);

  private:
    MultiExitModel& m_model;
    RunPolicies& m_policies;
    LinkChannels& m_channels;
    FeatureEncoding m_encoding;
};

} // namespace eesim

#endif
