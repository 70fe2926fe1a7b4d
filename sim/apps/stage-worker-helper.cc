#include "sim/apps/stage-worker-helper.h"

namespace eesim
{

StageWorkerHelper::StageWorkerHelper(const StageWorker::Parts& parts)
    : m_parts(parts)
{
    m_factory.SetTypeId(StageWorker::GetTypeId());
}

void
StageWorkerHelper::SetAttribute(const std::string& name, const ns3::AttributeValue& value)
{
    m_factory.Set(name, value);
}

ns3::Ptr<StageWorker>
StageWorkerHelper::Install(ns3::Ptr<ns3::Node> node, int index, ComputeQueue& compute) const
{
    StageWorker::Parts parts = m_parts;
    parts.compute = &compute;
    ns3::Ptr<StageWorker> worker = m_factory.Create<StageWorker>();
    worker->Setup(index, parts);
    node->AddApplication(worker);
    return worker;
}

} // namespace eesim
