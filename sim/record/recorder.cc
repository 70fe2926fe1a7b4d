#include "sim/record/recorder.h"

#include "base/atomic-file.h"
#include "base/error.h"

#include <cmath>
#include <cstring>

namespace eesim
{

namespace
{

/** Times with 9 significant digits: deterministic text, sub-nanosecond for sub-second values. */
std::string
Seconds(double value)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.9g", value);
    return text;
}

/** Decibels to 0.01 dB; empty for NaN (nothing measured). */
std::string
Decibels(double value)
{
    if (std::isnan(value))
    {
        return "";
    }
    char text[32];
    std::snprintf(text, sizeof text, "%.2f", value);
    return text;
}

} // namespace

Recorder::Recorder(const std::string& folder, int segments, double deadlineSeconds)
    : m_folder(folder)
    , m_segments(segments)
    , m_deadline(deadlineSeconds)
    , m_exits(std::size_t(segments), 0)
{
    const std::string path = folder + "/requests.csv.tmp";
    m_csv = std::fopen(path.c_str(), "w");
    if (m_csv == nullptr)
    {
        throw Error(path + ": cannot write (" + std::strerror(errno) + ")", Error::Kind::kRuntime);
    }
    std::string header = "request,source,sample,label,prediction,correct,exit,exit_node,"
                         "transmitted,arrival_s,done_s,latency_s";
    for (int k = 0; k < segments; ++k)
    {
        header += ",queue_s_" + std::to_string(k) + ",compute_s_" + std::to_string(k);
    }
    header += ",network_s,result_s,flops,feature_bytes,result_bytes,symbols,snr_db,csi_snr_db,"
              "deadline_met,timed_out,outcome,device_compute_j,decisions\n";
    std::fputs(header.c_str(), m_csv);
}

Recorder::~Recorder()
{
    if (m_csv != nullptr)
    {
        std::fclose(m_csv);
    }
}

void
Recorder::WriteRow(const RequestRecord& r, const std::string& outcome)
{
    const double latency = r.doneSeconds - r.arrivalSeconds;
    const bool correct = r.prediction == r.label;
    // A dropped request never meets its deadline.
    const bool inTime = outcome == "completed" && (m_deadline <= 0 || latency <= m_deadline);
    std::string row = std::to_string(r.id) + "," + std::to_string(r.source) + ","
                      + std::to_string(r.sample) + "," + std::to_string(r.label) + ","
                      + std::to_string(r.prediction) + "," + (correct ? "1" : "0") + ","
                      + std::to_string(r.exitIndex) + "," + std::to_string(r.exitNode) + ","
                      + (r.transmitted ? "1" : "0") + "," + Seconds(r.arrivalSeconds) + ","
                      + Seconds(r.doneSeconds) + "," + Seconds(latency);
    for (int k = 0; k < m_segments; ++k)
    {
        row += "," + Seconds(r.queueSeconds[std::size_t(k)]) + ","
               + Seconds(r.computeSeconds[std::size_t(k)]);
    }
    row += "," + Seconds(r.networkSeconds) + "," + Seconds(r.resultSeconds) + ","
           + std::to_string(r.flops) + "," + std::to_string(r.featureBytes) + ","
           + std::to_string(r.resultBytes) + "," + std::to_string(r.symbols) + ","
           + Decibels(r.snrDb) + "," + Decibels(r.csiSnrDb) + ","
           + (m_deadline > 0 ? (inTime ? "1" : "0") : "") + "," + (r.timedOut ? "1" : "0") + ","
           + outcome + "," + Seconds(r.deviceComputeJoules) + "," + r.decisions + "\n";
    std::fputs(row.c_str(), m_csv);
}

void
Recorder::RecordDrop(const RequestRecord& r, DropReason reason)
{
    WriteRow(r, std::string("dropped:") + DropReasonName(reason));
    ++m_dropped[int(reason)];
}

void
Recorder::Record(const RequestRecord& r)
{
    WriteRow(r, "completed");
    const double latency = r.doneSeconds - r.arrivalSeconds;
    const bool correct = r.prediction == r.label;
    const bool inTime = m_deadline <= 0 || latency <= m_deadline;
    m_latency.Add(latency);
    m_correct += correct ? 1 : 0;
    m_transmitted += r.transmitted ? 1 : 0;
    m_timedOut += r.timedOut ? 1 : 0;
    m_deadlineMet += inTime ? 1 : 0;
    m_correctInTime += inTime && correct ? 1 : 0;
    m_featureBytes += r.featureBytes;
    m_resultBytes += r.resultBytes;
    m_flops += r.flops;
    ++m_exits[std::size_t(r.exitIndex)];
    m_symbols += r.symbols;
    m_tdDecisions += std::uint64_t(r.tdDecisions);
    m_tdOfferedBytes += r.tdOfferedBytes;
    m_tdSentBytes += r.tdSentBytes;
    m_tdOfferedSymbols += r.tdOfferedSymbols;
    m_tdSentSymbols += r.tdSentSymbols;
    m_deviceComputeJoules += r.deviceComputeJoules;
    m_radioTxJoules += r.radioTxJoules;
}

nlohmann::json
Recorder::CommunicationSummary() const
{
    // Against always-transmit on the same requests: what it would have sent at each
    // transmission decision. Bytes count on digital links, channel symbols on analog ones.
    auto saved = [](std::uint64_t sent, std::uint64_t offered) -> nlohmann::json
    {
        if (offered == 0)
        {
            return nullptr;
        }
        return 1.0 - double(sent) / double(offered);
    };
    return { { "decisions", m_tdDecisions },
             { "symbols", m_symbols },
             { "offered_bytes", m_tdOfferedBytes },
             { "sent_bytes", m_tdSentBytes },
             { "offered_symbols", m_tdOfferedSymbols },
             { "sent_symbols", m_tdSentSymbols },
             { "saved_bytes", saved(m_tdSentBytes, m_tdOfferedBytes) },
             { "saved_symbols", saved(m_tdSentSymbols, m_tdOfferedSymbols) } };
}

void
Recorder::AccountRequests(nlohmann::json& requests) const
{
    std::uint64_t dropped = 0;
    nlohmann::json byReason = nlohmann::json::object();
    for (int reason = 0; reason < kDropReasonCount; ++reason)
    {
        byReason[DropReasonName(DropReason(reason))] = m_dropped[reason];
        dropped += m_dropped[reason];
    }
    requests["completed"] = m_latency.Count();
    requests["dropped"] = dropped;
    requests["dropped_by_reason"] = byReason;
    const auto issued = requests.value("issued", std::uint64_t(0));
    const auto unfinished = requests.value("unfinished", std::uint64_t(0));
    // Every request ends exactly once; a gap here is a bug, and the summary would hide it.
    if (m_latency.Count() + dropped + unfinished != issued)
    {
        throw Error("request accounting does not add up: " + std::to_string(issued) + " issued, "
                        + std::to_string(m_latency.Count()) + " completed, "
                        + std::to_string(dropped) + " dropped, " + std::to_string(unfinished)
                        + " unfinished",
                    Error::Kind::kRuntime);
    }
}

namespace
{

/** With no request answered, the per-answer figures have no value: null, not a 0 that reads as
 *  "0 % accurate, instant, everything saved". */
void
MarkUndefined(nlohmann::json& summary)
{
    summary["accuracy"] = nullptr;
    for (const char* figure : { "mean", "p50", "p95", "p99", "max" })
    {
        summary["latency_s"][figure] = nullptr;
    }
    summary["transmitted_fraction"] = nullptr;
    summary["computation"]["flops_per_request"] = nullptr;
    summary["computation"]["saved"] = nullptr;
    for (const char* figure : { "device_compute_j_per_request", "analog_tx_j_per_request",
                                "device_wifi_radio_j_per_request", "device_j_per_request" })
    {
        summary["energy"][figure] = nullptr;
    }
    if (summary.contains("deadline"))
    {
        summary["deadline"]["hit_rate"] = nullptr;
        summary["deadline"]["accuracy_in_time"] = nullptr;
    }
}

} // namespace

nlohmann::json
Recorder::Finish(nlohmann::json summary)
{
    const double n = double(std::max<std::uint64_t>(m_latency.Count(), 1));
    AccountRequests(summary["requests"]);
    summary["accuracy"] = double(m_correct) / n;
    summary["latency_s"] = { { "mean", m_latency.Mean() },
                             { "p50", m_latency.Quantile(0.50) },
                             { "p95", m_latency.Quantile(0.95) },
                             { "p99", m_latency.Quantile(0.99) },
                             { "max", m_latency.Max() } };
    summary["exit_histogram"] = m_exits;
    summary["transmitted_fraction"] = double(m_transmitted) / n;
    const double perRequest = double(m_flops / (long double)n);
    summary["computation"]
        = { { "flops_per_request", perRequest },
            { "full_flops_per_request", m_fullFlops },
            // Undefined when full execution costs nothing (segments of ~0 s).
            { "saved", m_fullFlops > 0 ? nlohmann::json(1.0 - perRequest / double(m_fullFlops))
                                       : nlohmann::json(nullptr) } };
    summary["requests"]["timed_out"] = m_timedOut;
    summary["bytes"] = { { "features", m_featureBytes },
                         { "results", m_resultBytes },
                         { "total", m_featureBytes + m_resultBytes } };
    summary["communication"] = CommunicationSummary();
    // Compute and analog transmit energy are booked per request; the Wi-Fi radio's (idle
    // listening included) is the devices' total, spread over the completed requests.
    nlohmann::json& energy = summary["energy"];
    const double wifi = energy.is_object() ? energy.value("device_wifi_radio_j", 0.0) : 0.0;
    energy["device_compute_j_per_request"] = m_deviceComputeJoules / n;
    energy["analog_tx_j_per_request"] = m_radioTxJoules / n;
    energy["device_wifi_radio_j_per_request"] = wifi / n;
    energy["device_j_per_request"] = (m_deviceComputeJoules + m_radioTxJoules + wifi) / n;
    if (m_deadline > 0)
    {
        const double issued = double(
            std::max<std::uint64_t>(summary["requests"]["issued"].get<std::uint64_t>(), 1));
        summary["deadline"] = { { "deadline_s", m_deadline },
                                { "hit_rate", double(m_deadlineMet) / n },
                                { "hit_rate_of_issued", double(m_deadlineMet) / issued },
                                { "accuracy_in_time", double(m_correctInTime) / n } };
    }
    if (m_latency.Count() == 0)
    {
        MarkUndefined(summary);
    }
    const bool flushed = std::fflush(m_csv) == 0 && std::ferror(m_csv) == 0;
    std::fclose(m_csv);
    m_csv = nullptr;
    // An interrupted run's rows keep a name that does not pass for a finished run's.
    const std::string rows = summary.value("status", "complete") == "complete"
                                 ? "/requests.csv"
                                 : "/requests.partial.csv";
    if (!flushed
        || std::rename((m_folder + "/requests.csv.tmp").c_str(), (m_folder + rows).c_str()) != 0)
    {
        throw Error(m_folder + "/requests.csv: cannot write", Error::Kind::kRuntime);
    }
    WriteFileAtomically(m_folder + "/summary.json", "the summary",
                        [&](std::ostream& out) { out << summary.dump(2) << "\n"; });
    return summary;
}

} // namespace eesim
