#include "sim/compute/capacity-model.h"

#include "base/json-text.h"

#include <map>
#include <sstream>
#include <stdexcept>

namespace eesim
{

KeyTable
CapacityModelKeys(const std::string& prefix)
{
    KeyTable table;
    std::map<std::string, std::string> owners; // key -> the model declaring it
    for (const CapacityModel& model : CapacityModelRegistry::Global().All())
    {
        for (KeySpec key : model.keys)
        {
            const auto [owner, fresh] = owners.emplace(key.path, model.name);
            if (!fresh)
            {
                throw std::logic_error("capacity models " + owner->second + " and " + model.name
                                       + " both declare the key " + key.path);
            }
            key.path = prefix + key.path;
            key.meaning = model.name + ": " + key.meaning;
            // Filled in and accepted only for the chosen model, so a new model's keys leave other
            // scenarios' complete documents (and their hashes) as they were.
            key.selectorKey = "model";
            key.selectorValues = { model.name };
            table.push_back(std::move(key));
        }
    }
    return table;
}

void
CheckCapacityChanges(const CapacitySettings& settings, double changesPerSecond,
                     const std::string& key, const std::string& cause,
                     std::vector<CapacityProblem>& problems)
{
    const double changes = changesPerSecond * settings.timeLimitSeconds;
    if (changes > kMaxCapacityChanges)
    {
        problems.push_back({ key, cause + " make about " + FormatNumber(changes)
                                      + " capacity changes within the run's time limit of "
                                      + FormatNumber(settings.timeLimitSeconds)
                                      + " s, more than the " + FormatNumber(kMaxCapacityChanges)
                                      + " a node's fluctuation may make (each is drawn and "
                                        "integrated over); make them slower or the run shorter "
                                        "(stop_time_s)" });
    }
}

std::string
CapacityModelsMarkdown()
{
    std::ostringstream out;
    out << "| capacity model | keys | meaning |\n|---|---|---|\n";
    for (const CapacityModel& model : CapacityModelRegistry::Global().All())
    {
        out << "| `" << model.name << "` | " << KeyPathList(model.keys) << " | " << model.meaning
            << " |\n";
    }
    return out.str();
}

} // namespace eesim
