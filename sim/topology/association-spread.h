#ifndef EESIM_SIM_TOPOLOGY_ASSOCIATION_SPREAD_H
#define EESIM_SIM_TOPOLOGY_ASSOCIATION_SPREAD_H

#include "sim/scenario/scenario.h"

#include <ns3/net-device-container.h>

namespace eesim
{

/**
 * Spreads the stations' first association over wifi.association_spread_s (infrastructure mode).
 *
 * Every ns-3 station starts scanning when the simulation starts, listens for beacons for its
 * WaitBeaconTimeout (120 ms), and sends its association request then: all stations at the same
 * instant. Association requests and responses go out with the short contention windows of the
 * voice access category (3 to 7 slots), so with tens of stations nearly all collide; the
 * stations retry every 0.5 s (AssocRequestTimeout), and a station still waiting after ten
 * beacon intervals gives up and scans again, again in step with the others. Meanwhile stations
 * that did associate miss the beacons lost in the collisions and drop out too. The storm lasts
 * for seconds of simulated time, keeps the channel saturated with frames that each of the N
 * radios must receive, so its cost grows as N² per simulated second, and leaves requests issued
 * meanwhile without a network (stations that are not associated drop their frames).
 *
 * Real stations are not switched on in the same microsecond. With a spread, station k of n
 * (in node order) listens for beacons WaitBeaconTimeout + spread x k / n before its first
 * association request, so requests go out one at a time; once associated, its WaitBeaconTimeout
 * is ns-3's again, so a station that loses the access point later scans as long as any other.
 * Without a spread (0, the default) nothing is changed.
 */
class AssociationSpread
{
  public:
    /** Sets the first scan of each station among `devices` (one per scenario node, in order). */
    static void Apply(const Scenario& scenario, const ns3::NetDeviceContainer& devices);
};

} // namespace eesim

#endif
