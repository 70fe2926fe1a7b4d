#ifndef EESIM_SIM_SCENARIO_SCENARIO_LINKS_H
#define EESIM_SIM_SCENARIO_SCENARIO_LINKS_H

#include "policies/calibration.h"
#include "sim/scenario/scenario.h"

#include <string>
#include <vector>

namespace eesim
{

/** A link features may cross: after `segment`, from one node to another; or, when
 *  `carriesInput`, the request's input (the image) on its way to segment 0. */
struct ScenarioLink
{
    std::size_t segment = 0;
    int from = 0;
    int to = 0;
    bool carriesInput = false;
};

/** Every (segment, sender, receiver) the placement makes features cross; a "source" entry
 *  stands for each requesting device. Last, the hops that carry a device's input to a segment 0
 *  placed on another node (no transmission decision is made there). The placement must be
 *  resolved. */
std::vector<ScenarioLink> ScenarioLinks(const Scenario& scenario);

/** The nodes each requesting device's requests visit: the device and every node the placement
 *  resolves to for it, in ascending order without repeats; one list per requesting device, in
 *  node order. Every message of a run (the input, features, results, and TCP's segments both
 *  ways) travels between two nodes of one list. The placement must be resolved. */
std::vector<std::vector<int>> RequestNodeGroups(const Scenario& scenario);

/** The name a link's mode goes by in calibration files, as its link type says: "analog", or
 *  "digital-" plus the encoding (digital-float32, digital-float16, digital-int8). */
std::string ChannelModeName(const Scenario& scenario, int from, int to);

/** The distinct channel mode names of every link of the scenario. */
std::vector<std::string> ChannelModeNames(const Scenario& scenario);

/** The scenario's calibration file, checked against its model and against every link where
 *  the transmission policy decides (each must be after the calibration's split); throws
 *  std::invalid_argument (or eesim::Error for the model) naming the problem. */
Calibration LoadScenarioCalibration(const Scenario& scenario);

} // namespace eesim

#endif
