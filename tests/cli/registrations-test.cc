// Extension points: whatever registers itself -- exit policies, transmission policies, server
// selections, capacity models, link types -- is listed by `eesim validate --list-keys` and in the
// manual's reference pages, with its keys. A new registration that is not documented fails here
// (scripts/update-reference regenerates the pages' tables).
#include "policies/policy-registry.h"
#include "policies/server-selection.h"
#include "sim/compute/capacity-model.h"
#include "sim/topology/link-type.h"
#include "tests/cli/cli-support.h"

#include <catch2/catch.hpp>

using namespace eesim;
using namespace eesim::test;

namespace
{

/** The row of a Markdown table that starts with `name` (kind "exit" or "transmission" for
 *  policies, which share a table), or "" when there is none. */
std::string
RowOf(const std::string& text, const std::string& name, const std::string& kind = "")
{
    const std::string start = "\n| `" + name + "` |" + (kind.empty() ? "" : " " + kind + " |");
    const auto at = text.find(start);
    return at == std::string::npos ? "" : text.substr(at + 1, text.find('\n', at + 1) - at - 1);
}

/** The reference pages that hold the generated tables, one after the other. */
std::string
ReferencePages()
{
    std::string pages;
    for (const char* page : { "scenario-keys", "compute", "link-types", "policies" })
    {
        pages += ReadFile(std::string(EESIM_SOURCE_DIR) + "/docs/reference/" + page + ".md");
    }
    return pages;
}

struct Documents
{
    std::string listing = Run("validate --list-keys").output;
    std::string manual = ReferencePages();
};

} // namespace

TEST_CASE("every registered policy is listed with its parameters, in --list-keys and the manual")
{
    const Documents documents;
    for (const auto& [kind, policies] :
         { std::make_pair(std::string("exit"), PolicyRegistry::ExitPolicies()),
           std::make_pair(std::string("transmission"), PolicyRegistry::TransmissionPolicies()) })
    {
        REQUIRE(!policies.empty());
        for (const auto& policy : policies)
        {
            INFO(kind << " policy " << policy.name);
            for (const std::string* text : { &documents.listing, &documents.manual })
            {
                const std::string row = RowOf(*text, policy.name, kind);
                REQUIRE(!row.empty());
                for (const auto& parameter : policy.parameters)
                {
                    CHECK_THAT(row, Catch::Contains("`" + parameter.path + "`"));
                }
            }
        }
    }
}

TEST_CASE("every registered capacity model is listed with its keys, in --list-keys and the manual")
{
    const Documents documents;
    const auto& models = CapacityModelRegistry::Global().All();
    REQUIRE(models.size() >= 4);
    for (const auto& model : models)
    {
        INFO("capacity model " << model.name);
        for (const std::string* text : { &documents.listing, &documents.manual })
        {
            REQUIRE(!RowOf(*text, model.name).empty());
            for (const auto& key : model.keys)
            {
                CHECK(!RowOf(*text, "nodes[].fluctuation." + key.path).empty());
            }
        }
    }
}

TEST_CASE("every registered link type is listed with its keys, in --list-keys and the manual")
{
    const Documents documents;
    const auto& types = LinkTypeRegistry::Global().All();
    REQUIRE(types.size() >= 2);
    for (const auto& type : types)
    {
        INFO("link type " << type.name);
        for (const std::string* text : { &documents.listing, &documents.manual })
        {
            REQUIRE(!RowOf(*text, type.name).empty());
            for (const auto& key : type.keys)
            {
                CHECK(!RowOf(*text, "channel." + type.name + "." + key.path).empty());
            }
        }
    }
}

TEST_CASE("every registered server selection is listed, in --list-keys and the manual")
{
    const Documents documents;
    const auto& selections = ServerSelectionRegistry::Global().All();
    REQUIRE(selections.size() >= 4);
    for (const auto& selection : selections)
    {
        INFO("server selection " << selection.name);
        for (const std::string* text : { &documents.listing, &documents.manual })
        {
            CHECK(RowOf(*text, selection.name)
                  == "| `" + selection.name + "` | " + selection.meaning + " |");
        }
    }
}
