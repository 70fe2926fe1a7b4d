#ifndef EESIM_SIM_RECORD_DROP_REASON_H
#define EESIM_SIM_RECORD_DROP_REASON_H

namespace eesim
{

/** Why a request ended without an answer. */
enum class DropReason
{
    kQueueFull,        // a task of it found a node's compute queue full
    kMessageLost,      // a message of it was lost, and the receiver could tell
    kDeadlineAbandoned // not answered by its deadline (requests.abandon_after_deadline)
};
constexpr int kDropReasonCount = 3;

/** The reason as summary.json and requests.csv spell it. */
inline const char*
DropReasonName(DropReason reason)
{
    switch (reason)
    {
    case DropReason::kQueueFull:
        return "queue_full";
    case DropReason::kMessageLost:
        return "message_lost";
    default:
        return "deadline_abandoned";
    }
}

} // namespace eesim

#endif
