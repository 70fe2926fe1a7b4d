#ifndef EESIM_CHANNEL_SYMBOL_NOISE_TAG_H
#define EESIM_CHANNEL_SYMBOL_NOISE_TAG_H

#include <cstdint>
#include <ns3/tag.h>

namespace eesim
{

/**
 * A packet tag the sender of a transmission of channel symbols may set: the key of the
 * transmission's noise. The receiving device (AnalogNetDevice, or any device of a link that
 * carries symbols) draws the noise from NoiseSeed(its NoiseSeed attribute, key), so a simulator
 * that tags a request's packet with the request id can recompute exactly the noisy symbols the
 * receiver saw, and every policy sees the same noise for the same request.
 */
class SymbolNoiseTag : public ns3::Tag
{
  public:
    static ns3::TypeId GetTypeId();

    SymbolNoiseTag() = default;
    explicit SymbolNoiseTag(std::uint64_t key);

    std::uint64_t GetKey() const { return m_key; }
    void SetKey(std::uint64_t key) { m_key = key; }

    ns3::TypeId GetInstanceTypeId() const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(ns3::TagBuffer buffer) const override;
    void Deserialize(ns3::TagBuffer buffer) override;
    void Print(std::ostream& os) const override;

  private:
    std::uint64_t m_key = 0;
};

} // namespace eesim

#endif
