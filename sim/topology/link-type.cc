#include "sim/topology/link-type.h"

#include <sstream>

namespace eesim
{

std::string
LinkCarrierName(LinkCarrier carrier)
{
    return carrier == LinkCarrier::kSymbols ? "symbols" : "messages";
}

KeyTable
LinkTypeKeys()
{
    KeyTable table;
    for (const LinkType& type : LinkTypeRegistry::Global().All())
    {
        // Each type's keys sit in an object named after it, so two types never share a key.
        for (KeySpec key : type.keys)
        {
            key.path = "channel." + type.name + "." + key.path;
            key.meaning = type.name + " links: " + key.meaning;
            table.push_back(std::move(key));
        }
    }
    return table;
}

std::string
LinkModeMeaning()
{
    std::string meaning = "how features cross a link: ";
    const auto& types = LinkTypeRegistry::Global().All();
    for (std::size_t i = 0; i < types.size(); ++i)
    {
        meaning += (i == 0 ? "" : "; ") + types[i].name + " = " + types[i].meaning;
    }
    return meaning;
}

std::string
LinkTypesMarkdown()
{
    std::ostringstream out;
    out << "| link type | carries | keys | meaning |\n|---|---|---|---|\n";
    for (const LinkType& type : LinkTypeRegistry::Global().All())
    {
        out << "| `" << type.name << "` | " << LinkCarrierName(type.carrier) << " | "
            << KeyPathList(type.keys, "channel." + type.name + ".") << " | " << type.meaning
            << " |\n";
    }
    return out.str();
}

} // namespace eesim
