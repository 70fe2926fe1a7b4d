#ifndef EESIM_SIM_APPS_STAGE_WORKER_HELPER_H
#define EESIM_SIM_APPS_STAGE_WORKER_HELPER_H

#include "sim/apps/stage-worker.h"

#include <ns3/node.h>
#include <ns3/object-factory.h>
#include <string>

namespace eesim
{

/**
 * Installs stage workers in the way of ns-3's application helpers: attributes set on the helper
 * apply to every worker installed after, and each worker gets the run's parts it works with.
 */
class StageWorkerHelper
{
  public:
    /** `parts` are shared by every worker; Install supplies each node's compute queue. */
    explicit StageWorkerHelper(const StageWorker::Parts& parts);

    /** Sets an attribute of the workers installed from now on (see StageWorker::GetTypeId). */
    void SetAttribute(const std::string& name, const ns3::AttributeValue& value);
    /** A worker on `node`, known to the parts as node `index`, computing on `compute`. */
    ns3::Ptr<StageWorker> Install(ns3::Ptr<ns3::Node> node, int index, ComputeQueue& compute) const;

  private:
    ns3::ObjectFactory m_factory;
    StageWorker::Parts m_parts;
};

} // namespace eesim

#endif
