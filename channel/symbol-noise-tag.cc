#include "channel/symbol-noise-tag.h"

#include <ostream>

namespace eesim
{

NS_OBJECT_ENSURE_REGISTERED(SymbolNoiseTag);

ns3::TypeId
SymbolNoiseTag::GetTypeId()
{
    static ns3::TypeId tid = ns3::TypeId("eesim::SymbolNoiseTag")
                                 .SetParent<ns3::Tag>()
                                 .SetGroupName("Eesim")
                                 .AddConstructor<SymbolNoiseTag>();
    return tid;
}

SymbolNoiseTag::SymbolNoiseTag(std::uint64_t key)
    : m_key(key)
{
}

ns3::TypeId
SymbolNoiseTag::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
SymbolNoiseTag::GetSerializedSize() const
{
    return sizeof(m_key);
}

void
SymbolNoiseTag::Serialize(ns3::TagBuffer buffer) const
{
    buffer.WriteU64(m_key);
}

void
SymbolNoiseTag::Deserialize(ns3::TagBuffer buffer)
{
    m_key = buffer.ReadU64();
}

void
SymbolNoiseTag::Print(std::ostream& os) const
{
    os << "noise-key=" << m_key;
}

} // namespace eesim
