#include "sim/apps/request-source-helper.h"

#include <ns3/node.h>

namespace eesim
{

RequestSourceHelper::RequestSourceHelper(RequestLedger& requests, const Dataset& data,
                                         const InputPreprocessing& preprocessing,
                                         const SegmentPlacement& placement)
    : m_requests(requests)
    , m_data(data)
    , m_preprocessing(preprocessing)
    , m_placement(placement)
{
    m_factory.SetTypeId(RequestSource::GetTypeId());
}

void
RequestSourceHelper::SetAttribute(const std::string& name, const ns3::AttributeValue& value)
{
    m_factory.Set(name, value);
}

ns3::Ptr<RequestSource>
RequestSourceHelper::Install(ns3::Ptr<StageWorker> worker, int index) const
{
    ns3::Ptr<RequestSource> source = m_factory.Create<RequestSource>();
    source->Setup(index, &m_requests, &m_data, &m_preprocessing, &m_placement, worker);
    worker->GetNode()->AddApplication(source);
    return source;
}

} // namespace eesim
