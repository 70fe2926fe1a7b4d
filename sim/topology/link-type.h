#ifndef EESIM_SIM_TOPOLOGY_LINK_TYPE_H
#define EESIM_SIM_TOPOLOGY_LINK_TYPE_H

#include "base/key-table.h"
#include "sim/registry.h"

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

namespace eesim
{

class LinkEnvironment;
class LinkSet;
class MultiExitModel;
struct ChannelConfig;
struct Scenario;
struct ScenarioLink;

/**
 * What the applications hand a link type to carry, the one thing they know of a link's type.
 */
enum class LinkCarrier
{
    /** Encoded feature bytes (transport.encoding) in messages through the workers' message
     *  transport (TCP or UDP), in IP packets; the IP stack routes them to the receiving
     *  worker. Counted as bytes. */
    kMessages,
    /** Channel symbols (a bottleneck's output, one float per real channel use) in symbol packets
     *  sent straight on the link set's devices (LinkSet::SymbolSender), which add the link's
     *  Gaussian noise on reception. Counted as symbols. */
    kSymbols
};

/**
 * One way features may cross a link (channel.mode, channel.links[].mode), as it registers
 * itself from its own file (see Registration in sim/registry.h): a LinkSet subclass in
 * sim/topology/NAME-links.{h,cc}, whose .cc holds the `const Registration<LinkType>`.
 *
 * What the registration covers: the keys, reading them, checking each link, the calibration
 * mode name, installing the links and their SNR. What it does not (yet): the stage worker's
 * send path (sim/apps/stage-worker.cc), the transmission decision's oracle and its cost
 * accounting (sim/apps/transmission-decision.cc) and the link estimator
 * (sim/run/link-estimator.cc) still branch on ChannelConfig::IsAnalog, so there every type but
 * analog sends its features over Wi-Fi.
 */
struct LinkType
{
    std::string name;
    /** How features cross such a link, for channel.mode's meaning and the link-type table. */
    std::string meaning;
    /** Its keys, relative to channel.NAME (channel.NAME.KEY in scenarios); each meaning is
     *  listed after "NAME links: ". */
    KeyTable keys;
    /** What crosses such a link, which decides the applications' send path (see LinkCarrier). */
    LinkCarrier carrier = LinkCarrier::kMessages;
    /** Its features travel in Wi-Fi frames: channel.snr fixed and the slow fading then shape
     *  the Wi-Fi channel too (otherwise Wi-Fi only brings results back and keeps its SNR). */
    bool ridesWifi = false;
    /** Reads the type's settings (the complete channel.NAME object; an empty object when the
     *  type has no keys) into the channel configuration. May be empty. */
    std::function<void(const nlohmann::json& settings, ChannelConfig& channel)> read;
    /** What is wrong with features crossing `link` this way, to follow "the link A -> B after
     *  segment K " in the error; "" when nothing is. */
    std::function<std::string(const MultiExitModel& model, const ScenarioLink& link)> checkLink;
    /** The name calibration files give these links (TransmissionContext::channelMode). */
    std::function<std::string(const Scenario& scenario)> calibrationMode;
    /** Makes the run's links of this type. */
    std::function<std::unique_ptr<LinkSet>(const LinkEnvironment& environment)> create;
};

using LinkTypeRegistry = Registry<LinkType>;

/** Every registered type's keys, under channel.NAME. */
KeyTable LinkTypeKeys();

/** The meaning of channel.mode: each type's name and meaning. */
std::string LinkModeMeaning();

/** The registered link types as a Markdown table: name, keys, meaning. */
std::string LinkTypesMarkdown();

} // namespace eesim

#endif
