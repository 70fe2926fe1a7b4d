#include "sim/apps/request-source.h"

#include <cmath>
#include <ns3/simulator.h>

namespace eesim
{

NS_OBJECT_ENSURE_REGISTERED(RequestSource);

ns3::TypeId
RequestSource::GetTypeId()
{
    static ns3::TypeId tid = ns3::TypeId("eesim::RequestSource")
                                 .SetParent<ns3::Application>()
                                 .AddConstructor<RequestSource>();
    return tid;
}

void
RequestSource::Setup(RunState* state, int node, ns3::Ptr<StageWorker> worker, std::uint64_t seed)
{
    m_state = state;
    m_node = node;
    m_worker = worker;
    m_random = std::make_unique<Random>(seed);
}

void
RequestSource::StartApplication()
{
    const double start = m_state->GetScenario().startSeconds;
    const double now = ns3::Simulator::Now().GetSeconds();
    m_next = ns3::Simulator::Schedule(ns3::Seconds(std::max(0.0, start - now) + NextGapSeconds()),
                                      &RequestSource::Issue, this);
}

void
RequestSource::StopApplication()
{
    m_next.Cancel();
}

void
RequestSource::DoDispose()
{
    m_next.Cancel();
    m_worker = nullptr;
    ns3::Application::DoDispose();
}

double
RequestSource::NextGapSeconds()
{
    const Scenario& scenario = m_state->GetScenario();
    if (!scenario.poissonArrivals)
    {
        return 1.0 / scenario.ratePerSecond;
    }
    // Exponential gap; 1 - U lies in (0, 1], so the logarithm is finite.
    return -std::log(1.0 - double(m_random->Uniform())) / scenario.ratePerSecond;
}

void
RequestSource::Issue()
{
    const int sample = int(m_random->Below(std::uint64_t(m_state->Data().Size())));
    const double now = ns3::Simulator::Now().GetSeconds();
    const RequestRecord& record = m_state->Begin(m_node, sample, now);
    Tensor input = m_state->Data().Images(sample, 1);
    const int first = m_state->NodeFor(record, 0);
    if (first == m_node)
    {
        m_worker->Accept(record.id, 0, std::move(input));
    }
    else
    {
        m_worker->Transmit(record.id, 0, input, first);
    }
    const Scenario& scenario = m_state->GetScenario();
    const double gap = NextGapSeconds();
    const bool timeLeft = scenario.durationSeconds <= 0
                          || now + gap < scenario.startSeconds + scenario.durationSeconds;
    if (++m_issued < scenario.requestCount && timeLeft)
    {
        m_next = ns3::Simulator::Schedule(ns3::Seconds(gap), &RequestSource::Issue, this);
        return;
    }
    m_state->SourceDone();
}

} // namespace eesim
