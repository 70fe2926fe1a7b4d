#ifndef EESIM_CHANNEL_SYMBOL_PACKET_H
#define EESIM_CHANNEL_SYMBOL_PACKET_H

#include <cstddef>
#include <ns3/packet.h>
#include <vector>

namespace eesim
{

/**
 * The analog link's packet format: the payload is nothing but real channel symbols, float32
 * little-endian, 4 bytes each (so a valid payload's size is a multiple of 4).
 */

constexpr std::size_t kBytesPerSymbol = 4;

/** A packet carrying `count` symbols. */
ns3::Ptr<ns3::Packet> MakeSymbolPacket(const float* symbols, std::size_t count);
ns3::Ptr<ns3::Packet> MakeSymbolPacket(const std::vector<float>& symbols);

/** The symbols of a packet's payload; throws eesim::Error if its size is not a multiple of 4. */
std::vector<float> ReadSymbols(ns3::Ptr<const ns3::Packet> packet);

} // namespace eesim

#endif
