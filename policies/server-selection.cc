#include "policies/server-selection.h"

#include <sstream>

namespace eesim
{

std::size_t
CheapestServer(const std::vector<ServerView>& servers,
               const std::function<double(const ServerView&)>& cost)
{
    std::size_t best = 0;
    double lowest = cost(servers.at(0));
    for (std::size_t i = 1; i < servers.size(); ++i)
    {
        const double value = cost(servers[i]);
        if (value < lowest)
        {
            best = i;
            lowest = value;
        }
    }
    return best;
}

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
