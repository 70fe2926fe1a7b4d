#ifndef EESIM_SIM_APPS_TRANSMISSION_DECISION_H
#define EESIM_SIM_APPS_TRANSMISSION_DECISION_H

#include "nn/tensor.h"
#include "policies/observations.h"
#include "sim/run-state.h"

namespace eesim
{

/**
 * The transmission decision before a link from node `from` to node `to`, after segment
 * `segment` produced `features` and its exit `exit` (prediction `prediction`): fills the TD's
 * observation -- the exit's statistics, the channel-state estimate, and for the oracle both
 * outcomes -- asks the link's policy, and books on the record what always-transmit would have
 * sent here (message bytes on a digital link, symbols on an analog one) and what is sent.
 * Returns true to transmit.
 */
bool DecideTransmission(RunState& state, RequestRecord& record, std::size_t segment,
                        const Tensor& features, const ExitObservation& exit, int prediction,
                        int from, int to);

/**
 * Whether the server would answer this request right if the features were sent now: the
 * bottleneck's encoder, the link (the digital encoding's rounding, or the very noise the analog
 * link will add to this request at the SNR it has now), the decoder, and every later segment to
 * the final exit. The oracle's knowledge; not charged as compute.
 */
bool ServerWouldBeRight(RunState& state, const RequestRecord& record, std::size_t segment,
                        const Tensor& features, int from, int to);

} // namespace eesim

#endif
