#ifndef EESIM_SIM_TOPOLOGY_LINK_SET_H
#define EESIM_SIM_TOPOLOGY_LINK_SET_H

#include <cmath>
#include <cstdint>
#include <ns3/ipv4-address.h>
#include <ns3/net-device.h>
#include <ns3/ptr.h>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace eesim
{

/**
 * The links of one link type in a run, made by the type's registered factory (see
 * link-type.h): what it installs for the links that carry features that way, and the SNR a
 * transmission on them would see.
 *
 * A type of messages carrier whose messages travel on IP devices of its own (lte) also answers
 * the IP methods below: InstallIp runs once the IP stack is on every node, Address gives the
 * workers the addresses to send to, and LastSnrDb the SNR a received message books. A type whose
 * features ride Wi-Fi (LinkType::ridesWifi) keeps the defaults: Wi-Fi's addresses and per-frame
 * SNR (LinkChannels) answer for it.
 *
 * A type whose registration says LinkCarrier::kSymbols also answers the symbol methods below:
 * the stage workers send symbol packets (channel/symbol-packet.h, tagged with a SymbolNoiseTag
 * whose key is the request id) on SymbolSender's device, and take them from the node's protocol
 * handler on every SymbolReceivers device, whose "RxSnr" trace source (the delivered packet, its
 * SNR in dB) tells them the SNR. The receiving device must add Gaussian noise at the link's SNR
 * (SnrDb) drawn from SymbolNoiseSeed(the tag's key): the oracle transmission decision adds that
 * same noise to predict what the receiver will see. A type of messages carrier keeps the
 * defaults: no symbol devices, and asking it for a symbol link's figures is a programming error
 * (std::logic_error).
 */
class LinkSet
{
  public:
    virtual ~LinkSet() = default;

    /** Installs what features from node `from` to node `to` need; called once per pair, in the
     *  order of ScenarioLinks. */
    virtual void Install(int from, int to) = 0;
    /** Called after the last Install: fixes the random streams of what was installed. */
    virtual void Finish() {}
    /** SNR (dB) a transmission from `from` to `to` would see at time `seconds`. */
    virtual double SnrDb(int from, int to, double seconds) const = 0;

    // The IP path of a messages type with devices of its own.

    /** Called after Finish, once every scenario node has its IP stack and its Wi-Fi address:
     *  gives the type's devices addresses and routes (and attaches them, for a cellular type). */
    virtual void InstallIp() {}
    /** The address of `to`'s worker as seen from `from`, when messages between the two (features
     *  one way, results the other) travel on this type's devices; none when they travel over
     *  Wi-Fi, whose addresses are the default. */
    virtual std::optional<ns3::Ipv4Address> Address(int /*from*/, int /*to*/) const
    {
        return std::nullopt;
    }
    /** SNR (dB) of the latest transmission `receiver` got from `sender` on this type's devices,
     *  which a received message books; NaN when there is none. */
    virtual double LastSnrDb(int /*receiver*/, int /*sender*/) const { return std::nan(""); }

    // The symbol path (LinkCarrier::kSymbols).

    /** The device on `from` that sends symbols to `to`, or null when there is none. */
    virtual ns3::Ptr<ns3::NetDevice> SymbolSender(int /*from*/, int /*to*/) const
    {
        return nullptr;
    }
    /** The devices on `node` that receive symbols (none by default). */
    virtual std::vector<ns3::Ptr<ns3::NetDevice>> SymbolReceivers(int /*node*/) const { return {}; }
    /** The seed of the noise the link from `from` to `to` adds to the transmission whose
     *  SymbolNoiseTag holds `key`. */
    virtual std::uint64_t SymbolNoiseSeed(int /*from*/, int /*to*/, std::uint64_t /*key*/) const
    {
        throw NoSymbols("a noise seed");
    }
    /** Channel symbols per second on the link from `from` to `to`. */
    virtual double SymbolRate(int /*from*/, int /*to*/) const { throw NoSymbols("a symbol rate"); }
    /** Transmit power (W) while the link from `from` to `to` sends symbols, for the energy of
     *  a transmission (power x symbols / rate). */
    virtual double SymbolTxWatts(int /*from*/, int /*to*/) const
    {
        throw NoSymbols("a transmit power");
    }

  private:
    static std::logic_error NoSymbols(const std::string& what)
    {
        return std::logic_error("asked for " + what + " of links that carry no symbols");
    }
};

} // namespace eesim

#endif
