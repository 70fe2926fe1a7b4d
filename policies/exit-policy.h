#ifndef EESIM_POLICIES_EXIT_POLICY_H
#define EESIM_POLICIES_EXIT_POLICY_H

#include "policies/observations.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <vector>

namespace eesim
{

/** Decides at an exit whether the request stops there. Never asked at the final exit. */
class ExitPolicy
{
  public:
    virtual ~ExitPolicy() = default;
    virtual bool ShouldExit(const ExitObservation& observation) const = 0;
};

/**
 * A threshold that may differ per exit: exit k uses values[k], or the last value when the list
 * is shorter (so one number serves every exit).
 */
struct PerExitThreshold
{
    std::vector<double> values;

    /** From a value its key (keys::PerExitNumber) has checked: one number, or one per exit. */
    static PerExitThreshold FromJson(const nlohmann::json& value)
    {
        return { value.is_array() ? value.get<std::vector<double>>()
                                  : std::vector<double>{ value.get<double>() } };
    }

    double At(int exit) const
    {
        return values.empty() ? 0.0
                              : values[std::size_t(std::min<int>(exit, int(values.size()) - 1))];
    }
};

} // namespace eesim

#endif
