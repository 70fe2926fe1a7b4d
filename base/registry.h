#ifndef EESIM_BASE_REGISTRY_H
#define EESIM_BASE_REGISTRY_H

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace eesim
{

/**
 * The kinds of an extension point (exit and TD policies, capacity models, link types), each
 * registered from its own file when the program starts, so that no list of names exists anywhere
 * else. `Entry` is the registration: a struct with at least a `name`.
 *
 * Registrations happen during static initialisation, in an order the language leaves open, so
 * the registry keeps them sorted by name: listings, key tables and messages do not depend on
 * link order. The files that register are referenced by nothing else; the libraries holding
 * them are linked as whole archives (policies/CMakeLists.txt) so that the linker keeps them.
 */
template <typename Entry> class Registry
{
  public:
    /** The one registry of this kind (built on first use, so registering from any static
     *  initialiser is safe). */
    static Registry& Global()
    {
        static Registry registry;
        return registry;
    }

    /** Adds a kind; a name registered twice is a programming error (std::logic_error). */
    void Add(Entry entry)
    {
        if (Find(entry.name) != nullptr)
        {
            throw std::logic_error("\"" + entry.name + "\" is registered twice");
        }
        const auto at = std::lower_bound(m_entries.begin(), m_entries.end(), entry.name,
                                         [](const Entry& e, const std::string& name)
                                         { return e.name < name; });
        m_entries.insert(at, std::move(entry));
    }

    /** Every kind, sorted by name. */
    const std::vector<Entry>& All() const { return m_entries; }

    /** The kind called `name`, or null. */
    const Entry* Find(const std::string& name) const
    {
        for (const Entry& entry : m_entries)
        {
            if (entry.name == name)
            {
                return &entry;
            }
        }
        return nullptr;
    }

    /** The names, sorted: the choices of the scenario key that picks a kind. */
    std::vector<std::string> Names() const
    {
        std::vector<std::string> names;
        for (const Entry& entry : m_entries)
        {
            names.push_back(entry.name);
        }
        return names;
    }

  private:
    std::vector<Entry> m_entries;
};

/** Registers one kind when the program starts: a namespace-scope
 *  `const Registration<CapacityModel> kRegistration{ { "name", ... } };` in the kind's own .cc. */
template <typename Entry> struct Registration
{
    explicit Registration(Entry entry) { Registry<Entry>::Global().Add(std::move(entry)); }
};

} // namespace eesim

#endif
