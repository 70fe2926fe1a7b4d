#ifndef EESIM_SIM_SCENARIO_SERVER_POOLS_H
#define EESIM_SIM_SCENARIO_SERVER_POOLS_H

#include "sim/scenario/scenario.h"

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace eesim
{

/** Reads pools[] (absent: none) into s.pools, resolving node names through `index`; names must
 *  be unique and differ from every node's and "source", and each pool holds two or more distinct
 *  nodes, none a requesting device. Problems are appended to `errors`. */
void ResolvePools(Scenario& s, const nlohmann::json& doc, const std::map<std::string, int>& index,
                  std::vector<std::string>& errors);

/** What the resolved placement asks of its pools beyond their names: none runs segment 0 (a
 *  request's input never leaves its device for a pool), and none is reached over a link type
 *  with IP devices of its own (lte: a device attaches to one server's cell). */
void CheckPoolPlacement(const Scenario& s, std::vector<std::string>& errors);

} // namespace eesim

#endif
