#include "channel/analog-noise-tag.h"

#include <ostream>

namespace eesim
{

NS_OBJECT_ENSURE_REGISTERED(AnalogNoiseTag);

ns3::TypeId
AnalogNoiseTag::GetTypeId()
{
    static ns3::TypeId tid = ns3::TypeId("eesim::AnalogNoiseTag")
                                 .SetParent<ns3::Tag>()
                                 .SetGroupName("Eesim")
                                 .AddConstructor<AnalogNoiseTag>();
    return tid;
}

AnalogNoiseTag::AnalogNoiseTag(std::uint64_t key)
    : m_key(key)
{
}

ns3::TypeId
AnalogNoiseTag::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
AnalogNoiseTag::GetSerializedSize() const
{
    return sizeof(m_key);
}

void
AnalogNoiseTag::Serialize(ns3::TagBuffer buffer) const
{
    buffer.WriteU64(m_key);
}

void
AnalogNoiseTag::Deserialize(ns3::TagBuffer buffer)
{
    m_key = buffer.ReadU64();
}

void
AnalogNoiseTag::Print(std::ostream& os) const
{
    os << "noise-key=" << m_key;
}

} // namespace eesim
