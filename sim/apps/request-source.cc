#include "sim/apps/request-source.h"

#include <cmath>
#include <ns3/double.h>
#include <ns3/enum.h>
#include <ns3/simulator.h>
#include <ns3/uinteger.h>

namespace eesim
{

NS_OBJECT_ENSURE_REGISTERED(RequestSource);

ns3::TypeId
RequestSource::GetTypeId()
{
    static ns3::TypeId tid
        = ns3::TypeId("eesim::RequestSource")
              .SetParent<ns3::Application>()
              .AddConstructor<RequestSource>()
              .AddAttribute(
                  "RequestCount", "Requests the device issues (at most, with a duration).",
                  ns3::UintegerValue(1000), ns3::MakeUintegerAccessor(&RequestSource::m_count),
                  ns3::MakeUintegerChecker<uint32_t>(1))
              .AddAttribute(
                  "Arrivals", "Inter-arrival times: poisson (exponential) or periodic (constant).",
                  ns3::EnumValue(int(Arrivals::kPoisson)),
                  ns3::MakeEnumAccessor(&RequestSource::SetArrivals, &RequestSource::GetArrivals),
                  ns3::MakeEnumChecker(int(Arrivals::kPoisson), "poisson", int(Arrivals::kPeriodic),
                                       "periodic"))
              .AddAttribute("RatePerSecond", "Mean request rate (1/s).", ns3::DoubleValue(10.0),
                            ns3::MakeDoubleAccessor(&RequestSource::m_ratePerSecond),
                            ns3::MakeDoubleChecker<double>(1e-300))
              .AddAttribute("StartSeconds",
                            "When the first request may be issued (s): it comes one "
                            "inter-arrival time after this.",
                            ns3::DoubleValue(1.0),
                            ns3::MakeDoubleAccessor(&RequestSource::m_startSeconds),
                            ns3::MakeDoubleChecker<double>(0.0))
              .AddAttribute("DurationSeconds",
                            "How long after StartSeconds requests are issued (s); 0 = until "
                            "RequestCount.",
                            ns3::DoubleValue(0.0),
                            ns3::MakeDoubleAccessor(&RequestSource::m_durationSeconds),
                            ns3::MakeDoubleChecker<double>(0.0))
              .AddAttribute("Seed", "Seed of the source's own stream of arrival times and images.",
                            ns3::UintegerValue(1),
                            ns3::MakeUintegerAccessor(&RequestSource::m_seed),
                            ns3::MakeUintegerChecker<uint64_t>());
    return tid;
}

void
RequestSource::Setup(int node, RequestLedger* requests, const Dataset* data,
                     const InputPreprocessing* preprocessing, const SegmentPlacement* placement,
                     ns3::Ptr<StageWorker> worker)
{
    m_node = node;
    m_requests = requests;
    m_data = data;
    m_preprocessing = preprocessing;
    m_placement = placement;
    m_worker = worker;
}

void
RequestSource::StartApplication()
{
    m_random = std::make_unique<Random>(m_seed);
    m_issued = 0;
    m_requests->AddSource(m_count);
    const double now = ns3::Simulator::Now().GetSeconds();
    m_next = ns3::Simulator::Schedule(
        ns3::Seconds(std::max(0.0, m_startSeconds - now) + NextGapSeconds()), &RequestSource::Issue,
        this);
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
    m_requests = nullptr;
    m_data = nullptr;
    m_preprocessing = nullptr;
    m_placement = nullptr;
    ns3::Application::DoDispose();
}

double
RequestSource::NextGapSeconds()
{
    if (m_arrivals == Arrivals::kPeriodic)
    {
        return 1.0 / m_ratePerSecond;
    }
    // Exponential gap; 1 - U lies in (0, 1], so the logarithm is finite.
    return -std::log(1.0 - double(m_random->Uniform())) / m_ratePerSecond;
}

void
RequestSource::Issue()
{
    const int sample = int(m_random->Below(std::uint64_t(m_data->Size())));
    const double now = ns3::Simulator::Now().GetSeconds();
    const InFlightRequest& request = m_requests->Begin(m_node, sample, m_data->Label(sample), now);
    const std::uint64_t id = request.row.id;
    Tensor input = m_data->Images(sample, 1, *m_preprocessing);
    const int first = m_placement->NodeFor(m_node, 0);
    if (first == m_node)
    {
        m_worker->Accept(id, 0, std::move(input));
    }
    else
    {
        m_worker->Transmit(id, 0, input, first);
    }
    const double gap = NextGapSeconds();
    const bool timeLeft = m_durationSeconds <= 0 || now + gap < m_startSeconds + m_durationSeconds;
    if (++m_issued < m_count && timeLeft)
    {
        m_next = ns3::Simulator::Schedule(ns3::Seconds(gap), &RequestSource::Issue, this);
        return;
    }
    m_requests->SourceDone();
}

} // namespace eesim
