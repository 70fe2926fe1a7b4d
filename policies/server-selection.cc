#include "policies/server-selection.h"

#include <sstream>

namespace eesim
{

std::string
ServerSelectionsMarkdown()
{
    std::ostringstream out;
    out << "| selection | chooses |\n|---|---|\n";
    for (const ServerSelection& selection : ServerSelectionRegistry::Global().All())
    {
        out << "| `" << selection.name << "` | " << selection.meaning << " |\n";
    }
    return out.str();
}

} // namespace eesim
