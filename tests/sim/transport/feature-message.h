#ifndef EESIM_TESTS_SIM_TRANSPORT_FEATURE_MESSAGE_H
#define EESIM_TESTS_SIM_TRANSPORT_FEATURE_MESSAGE_H

#include "sim/transport/wire-message.h"

#include <cstddef>
#include <cstdint>

namespace eesim::test
{

/** A features message for `segment` with `bytes` of payload that differ from request to request,
 *  so a message delivered to the wrong request or cut short shows. */
inline WireMessage
FeatureMessage(std::uint64_t request, std::size_t bytes, std::uint16_t segment)
{
    WireMessage message;
    message.kind = WireMessage::Kind::kFeatures;
    message.segmentOrPrediction = segment;
    message.request = request;
    for (std::size_t i = 0; i < bytes; ++i)
    {
        message.payload.push_back(std::uint8_t(i * 13 + request));
    }
    return message;
}

} // namespace eesim::test

#endif
