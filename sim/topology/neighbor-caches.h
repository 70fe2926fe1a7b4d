#ifndef EESIM_SIM_TOPOLOGY_NEIGHBOR_CACHES_H
#define EESIM_SIM_TOPOLOGY_NEIGHBOR_CACHES_H

#include "sim/scenario/scenario.h"

#include <ns3/ipv4-interface-container.h>

namespace eesim
{

/**
 * Pre-fills the ARP caches of the Wi-Fi interfaces (one per node, in node order) for every pair
 * of nodes that exchange messages: both ways within each of RequestNodeGroups. The entries are
 * the same permanent ones ns-3's NeighborCacheHelper makes, but that helper fills every pair on
 * the channel, N² entries for N nodes (about a million entries and a third of a gigabyte for a
 * thousand devices), nearly all for pairs that never talk.
 *
 * Leaving those out changes nothing a run does: a node only ever looks up the nodes of its
 * groups, and ARP never adds an entry for the sender of a request it receives (ns-3 bug 107).
 * ns-3 also empties a cache whenever its device's link comes up or goes down
 * (ArpL3Protocol::CreateCache connects ArpCache::Flush to the device's link changes): a
 * station's when it associates. Its entries are filled again each time its link comes up.
 */
void PopulateNeighborCaches(const Scenario& scenario,
                            const ns3::Ipv4InterfaceContainer& interfaces);

} // namespace eesim

#endif
