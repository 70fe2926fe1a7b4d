#ifndef EESIM_SIM_APPS_REQUEST_SOURCE_HELPER_H
#define EESIM_SIM_APPS_REQUEST_SOURCE_HELPER_H

#include "sim/apps/request-source.h"

#include <ns3/object-factory.h>
#include <string>

namespace eesim
{

/**
 * Installs request sources in the way of ns-3's application helpers: attributes set on the
 * helper apply to every source installed after.
 */
class RequestSourceHelper
{
  public:
    /** The references must outlive every source installed; `preprocessing` is the model's. */
    RequestSourceHelper(RequestLedger& requests, const Dataset& data,
                        const InputPreprocessing& preprocessing, const SegmentPlacement& placement);

    /** Sets an attribute of the sources installed from now on (see RequestSource::GetTypeId). */
    void SetAttribute(const std::string& name, const ns3::AttributeValue& value);
    /** A source on the node of `worker`, known to the run as node `index`, whose requests
     *  enter through `worker`. */
    ns3::Ptr<RequestSource> Install(ns3::Ptr<StageWorker> worker, int index) const;

  private:
    ns3::ObjectFactory m_factory;
    RequestLedger& m_requests;
    const Dataset& m_data;
    const InputPreprocessing& m_preprocessing;
    const SegmentPlacement& m_placement;
};

} // namespace eesim

#endif
