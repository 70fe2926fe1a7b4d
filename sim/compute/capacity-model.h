#ifndef EESIM_SIM_COMPUTE_CAPACITY_MODEL_H
#define EESIM_SIM_COMPUTE_CAPACITY_MODEL_H

#include "base/key-table.h"
#include "sim/compute/capacity-process.h"
#include "base/registry.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace eesim
{

/** A node's capacity model, read and checked: makes the node's process from its seed. */
using CapacityFactory = std::function<std::unique_ptr<CapacityProcess>(std::uint64_t seed)>;

/** What a capacity model reads when a scenario loads. */
struct CapacitySettings
{
    /** The node's `fluctuation` object, complete (every default filled in) and with each key
     *  checked against its table entry. */
    const nlohmann::json& values;
    /** The scenario file: relative paths in the settings are taken from its folder. */
    const std::string& scenarioFile;
    /** The run's simulated time limit (s): what the factor may have to be generated for. */
    double timeLimitSeconds = 0.0;
};

/** A problem the key table cannot see, such as two lists that must have equal lengths. */
struct CapacityProblem
{
    std::string key; // the key it concerns, within `fluctuation`; "" for the whole object
    std::string what;
};

/**
 * One way a node's capacity may fluctuate (nodes[].fluctuation.model), as it registers itself
 * from its own file (see Registration in sim/registry.h).
 *
 * A new model is a file pair sim/compute/NAME-capacity.{h,cc}: a CapacityProcess subclass, and
 * in the .cc a namespace-scope `const Registration<CapacityModel> kRegistration{ ... }`; plus its
 * line in sim/CMakeLists.txt and tests/sim/compute/NAME-capacity-test.cc (found by a glob). The
 * validator, --list-keys and the README tables (scripts/update-readme-keys) pick it up from the
 * registration.
 */
struct CapacityModel
{
    std::string name;
    /** What the model does, for `eesim validate --list-keys` and the README. */
    std::string meaning;
    /** Its keys, relative to the `fluctuation` object (nodes[].fluctuation.KEY in scenarios);
     *  each meaning is listed after the model's name. No two models may share a key. */
    KeyTable keys;
    /**
     * Reads the settings, appends what is wrong with them beyond the key table, and returns the
     * node's factory (which is not called when there are problems). Files the settings name are
     * read here, once, so a missing one is a validation error.
     */
    std::function<CapacityFactory(const CapacitySettings&, std::vector<CapacityProblem>&)> load;
};

using CapacityModelRegistry = Registry<CapacityModel>;

/**
 * The most changes of factor a node's fluctuation may make within a run's time limit: each is
 * drawn, kept while a queued task spans it, and integrated over by every task that does, so ten
 * million cost a node about a second and at most some 160 MB. A microsecond dwell time or a trace
 * with rows microseconds apart would otherwise ask for billions (hours, or memory that runs out).
 */
constexpr double kMaxCapacityChanges = 1e7;

/**
 * Appends a problem at `key` when `changesPerSecond` (the model's long-run rate of changes) over
 * the settings' time limit comes to more than kMaxCapacityChanges; `cause` says what in the
 * settings makes the rate ("mean dwell times of 1e-06 s on average").
 */
void CheckCapacityChanges(const CapacitySettings& settings, double changesPerSecond,
                          const std::string& key, const std::string& cause,
                          std::vector<CapacityProblem>& problems);

/** Every registered model's keys under `prefix` ("nodes[].fluctuation."), in model order, each
 *  meaning led by "MODEL: "; throws std::logic_error when two models declare the same key. */
KeyTable CapacityModelKeys(const std::string& prefix);

/** The registered models as a Markdown table: name, keys, meaning. */
std::string CapacityModelsMarkdown();

} // namespace eesim

#endif
