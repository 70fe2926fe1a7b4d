#ifndef EESIM_SIM_TOPOLOGY_LINK_TYPE_H
#define EESIM_SIM_TOPOLOGY_LINK_TYPE_H

#include "base/key-table.h"
#include "base/registry.h"

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

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
 * The registration covers the keys, reading them, checking each link, the calibration mode
 * name, installing the links and their SNR, and the carrier. The applications (sim/apps/,
 * sim/run/) never see a type's name: they ask LinkChannels whether a link carries symbols
 * (CarriesSymbols, from the registration's carrier) and then ask the link's LinkSet for what
 * that path needs. Messages go through the stage workers' transport (TCP or UDP) to the
 * receiving worker's IP address; symbols go on the link set's own devices (see LinkSet).
 *
 * A messages type may ride Wi-Fi (digital: ridesWifi, nothing to install, Wi-Fi's addresses
 * and per-frame SNR) or bring IP devices of its own (lte): its LinkSet then installs them in
 * Install/Finish (before the IP stack), gives them addresses, routes and attachment in InstallIp
 * (after it), tells the workers where to send (LinkSet::Address, per pair of nodes; Wi-Fi's
 * address when no type answers) and what SNR a received message books (LinkSet::LastSnrDb,
 * asked through LinkChannels::ReceivedSnrDb). Checks that need the whole scenario (several
 * links, node roles, request times) go in checkScenario.
 *
 * Adding a link type NAME (digital-links.* is the model of a messages type, analog-links.* of
 * a symbols type):
 *  1. sim/topology/NAME-links.h/.cc: a LinkSet subclass (Install, Finish, SnrDb from a
 *     LinkBudget built on the LinkEnvironment; a symbols type also overrides the symbol methods
 *     of LinkSet, whose comment says what the workers expect of its devices) and, in the .cc,
 *     the registration: name, meaning, keys, carrier, ridesWifi, read, checkLink (a symbols
 *     type refuses links without a bottleneck before them, since the symbols are its output),
 *     calibrationMode, create, and checkScenario if it needs one. A messages type with IP
 *     devices of its own also overrides LinkSet's IP methods (lte-links.* is the model).
 *  2. If it has keys: fields for its settings in ChannelConfig (sim/scenario/scenario.h), which
 *     its read fills in and its LinkSet reads.
 *  3. sim/CMakeLists.txt: the .cc in eesim_sim's sources.
 *  4. tests/sim/topology/NAME-links-test.cc (found by a glob): its carrier, checks, calibration
 *     mode, settings, installed devices and SNR; link-type-test.cc already holds every type to
 *     its carrier.
 *  5. The README's link-type and key tables: paste those `eesim validate --list-keys` prints
 *     (a CLI test compares them).
 * Nothing else names the type: channel.mode's choices, the validator, --list-keys and the
 * applications' send path follow from the registration.
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
    /** Appends what is wrong with the scenario's links of this type taken together (and with
     *  the type's settings against the rest of the scenario) to `errors`, each a complete
     *  `FILE: /json/pointer: problem` line. May be empty. */
    std::function<void(const Scenario& scenario, std::vector<std::string>& errors)> checkScenario;
};

using LinkTypeRegistry = Registry<LinkType>;

/** "messages" or "symbols", for the link-type table. */
std::string LinkCarrierName(LinkCarrier carrier);

/** Every registered type's keys, under channel.NAME. */
KeyTable LinkTypeKeys();

/** The meaning of channel.mode: each type's name and meaning. */
std::string LinkModeMeaning();

/** The registered link types as a Markdown table: name, carrier, keys, meaning. */
std::string LinkTypesMarkdown();

} // namespace eesim

#endif
