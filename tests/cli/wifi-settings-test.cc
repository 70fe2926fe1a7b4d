// Wi-Fi settings against what the standards define for a node with one antenna: validate refuses
// what ns-3 cannot simulate (it used to abort the run), and everything validate accepts runs.
// The expectations are the standards' own tables, written out here, not asked of ns-3.
#include "tests/cli/cli-support.h"
#include "tests/test-support.h"

#include <catch2/catch.hpp>
#include <string>

using namespace eesim::test;

namespace
{

const std::string kQuickstart = std::string(EESIM_SOURCE_DIR) + "/scenarios/quickstart.json";

std::string
WifiOptions(const std::string& standard, int width, int mcs)
{
    return " --set wifi.standard=" + standard + " --set wifi.channel_width_mhz="
           + std::to_string(width) + " --set wifi.rate_control=constant --set wifi.constant_mcs="
           + std::to_string(mcs);
}

/** 802.11n (HT) has 20 and 40 MHz channels; 802.11ac (VHT) and 802.11ax (HE) up to 160. */
bool
StandardHasWidth(const std::string& standard, int width)
{
    return standard != "802.11n" || width <= 40;
}

/** One spatial stream: HT MCS 0-7 (8 and up need more streams), VHT 0-9 except MCS 9 at
 *  20 MHz (its data bits do not fit the symbols), HE 0-11. */
bool
StandardHasMcs(const std::string& standard, int width, int mcs)
{
    if (standard == "802.11n")
    {
        return mcs <= 7;
    }
    if (standard == "802.11ac")
    {
        return mcs <= 8 || (mcs == 9 && width != 20);
    }
    return mcs <= 11;
}

} // namespace

TEST_CASE("validate accepts exactly the Wi-Fi widths and constant MCS the standards define")
{
    for (const std::string standard : { "802.11n", "802.11ac", "802.11ax" })
    {
        for (const int width : { 20, 40, 80, 160 })
        {
            for (int mcs = 0; mcs <= 11; ++mcs)
            {
                const Result result
                    = Run("validate " + kQuickstart + WifiOptions(standard, width, mcs));
                const bool expected
                    = StandardHasWidth(standard, width) && StandardHasMcs(standard, width, mcs);
                INFO(standard << " " << width << " MHz MCS " << mcs << ": " << result.output);
                CHECK(result.exitCode == (expected ? 0 : 2));
            }
        }
    }
}

TEST_CASE("a Wi-Fi width or MCS the standard lacks is one line naming what it has")
{
    const std::string validate = "validate " + kQuickstart;
    const Result width = Run(validate + WifiOptions("802.11n", 80, 0));
    CheckOneLineError(width, "/wifi/channel_width_mhz: 802.11n has 20, 40 MHz channels in the "
                             "5 GHz band, got 80");
    const Result mcs = Run(validate + WifiOptions("802.11n", 20, 8));
    CheckOneLineError(mcs, "/wifi/constant_mcs: 802.11n at 20 MHz has MCS 0 to 7 for a node with "
                           "one antenna (as ns-3 has them), got 8");
    const Result vht = Run(validate + WifiOptions("802.11ac", 20, 9));
    CheckOneLineError(vht, "/wifi/constant_mcs: 802.11ac at 20 MHz has MCS 0 to 8");
}

TEST_CASE("the fastest constant MCS that validate accepts runs, at every width of every standard")
{
    for (const std::string standard : { "802.11n", "802.11ac", "802.11ax" })
    {
        for (const int width : { 20, 40, 80, 160 })
        {
            if (!StandardHasWidth(standard, width))
            {
                continue;
            }
            int fastest = 11;
            while (!StandardHasMcs(standard, width, fastest))
            {
                --fastest;
            }
            TempDir dir;
            const Result result = Run("run " + kQuickstart + WifiOptions(standard, width, fastest)
                                      + " --quiet --set requests.count=2 --out " + dir.File("r"));
            INFO(standard << " " << width << " MHz MCS " << fastest << ": " << result.output);
            CHECK(result.exitCode == 0);
        }
    }
}
