// The calibration file: round trip, integrity and every refusal.
#include "base/crc32.h"
#include "base/error.h"
#include "policies/calibration.h"
#include "tests/test-support.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

using namespace eesim;

namespace
{

Calibration
Example()
{
    Calibration c;
    c.modelName = "fmnist-me4";
    c.modelChecksum = "1234abcd";
    c.splitAfterSegment = 1;
    c.earlyExit = CalibrationTable({ 0, 0.5, 0.9, 1 }, { 0.3, 0.6125, 0.95 }, { 120, 300, 2580 });
    c.serverTables["analog"]
        = CalibrationTable({ -5, 0, 10, 25 }, { 0.2, 0.7, 0.9 }, { 1000, 1000, 1000 });
    c.serverTables["digital-int8"] = CalibrationTable({ -100, 100 }, { 0.91 }, { 3000 });
    c.learnedModels["analog"] = LogisticModel({ 0.8, 0.2, 0.6, 10 }, { 0.15, 0.1, 0.2, 8.5 },
                                              { -1.5, 0.75, -0.25, 1.125 }, -0.0625);
    return c;
}

std::string
ReadText(const std::string& path)
{
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void
WriteText(const std::string& path, const std::string& text)
{
    std::ofstream(path) << text;
}

/** A document changed after ToJson, with its checksum made right again, so that what the
 *  loader refuses is the change itself. */
nlohmann::json
Resealed(nlohmann::json document)
{
    document["checksum"] = Calibration::ContentChecksum(document);
    return document;
}

/** What FromJson says about the example with `edit` applied (and resealed), read as from a file
 *  named c.json. */
template <typename Edit>
std::string
RefusalOf(Edit edit)
{
    nlohmann::json document = Example().ToJson();
    edit(document);
    try
    {
        Calibration::FromJson(Resealed(document), "c.json");
    }
    catch (const Error& e)
    {
        return e.what();
    }
    return "accepted";
}

} // namespace

TEST_CASE("crc32 is the standard reflected CRC-32")
{
    CHECK(Crc32("123456789") == 0xCBF43926U);
    CHECK(Crc32("") == 0U);
    CHECK(Crc32Hex("123456789") == "cbf43926");
}

TEST_CASE("a calibration survives a save and load unchanged")
{
    test::TempDir dir;
    const std::string path = dir.File("fmnist-me4.calibration.json");
    const Calibration saved = Example();
    saved.Save(path);
    const Calibration loaded = Calibration::Load(path);
    CHECK(loaded.ToJson() == saved.ToJson());
    CHECK(loaded.modelName == "fmnist-me4");
    CHECK(loaded.splitAfterSegment == 1);
    CHECK(loaded.earlyExit.Lookup(0.7) == 0.6125);
    CHECK(loaded.ServerTable("analog").Lookup(12) == 0.9);
    CHECK(loaded.ServerTable("digital-int8").Counts()[0] == 3000);
    CHECK(loaded.LearnedModel("analog").Weights()[3] == 1.125);
    CHECK(std::ifstream(path + ".tmp").fail()); // the temporary name is gone
}

TEST_CASE("a calibration file's checksum covers everything but itself")
{
    const nlohmann::json document = Example().ToJson();
    CHECK(document["checksum"] == Calibration::ContentChecksum(document));
    nlohmann::json content = document;
    content.erase("checksum");
    CHECK(document["checksum"] == Crc32Hex(content.dump()));
    CHECK(document["format"] == "eesim-calibration");
    CHECK(document["version"] == 1);
}

TEST_CASE("loading refuses a file that is not JSON, or is truncated, or is missing")
{
    test::TempDir dir;
    const std::string path = dir.File("c.json");
    // The project's one JSON parser (base/json-file.h) reads it: its messages name the file.
    WriteText(path, "hello");
    CHECK_THROWS_WITH(Calibration::Load(path), Catch::StartsWith(path + ": parse error at line 1"));
    Example().Save(path);
    const std::string text = ReadText(path);
    WriteText(path, text.substr(0, text.size() / 2));
    CHECK_THROWS_WITH(Calibration::Load(path), Catch::StartsWith(path + ": parse error at line"));
    WriteText(path, "");
    CHECK_THROWS_WITH(Calibration::Load(path), Catch::StartsWith(path + ": parse error at line 1"));
    CHECK_THROWS_WITH(Calibration::Load(dir.File("absent.json")),
                      dir.File("absent.json") + ": cannot open");
}

TEST_CASE("loading refuses a file nested too deep before it can overflow the stack")
{
    test::TempDir dir;
    const std::string path = dir.File("c.json");
    nlohmann::json document = Example().ToJson();
    document["extra"] = nlohmann::json::array();
    std::string text = document.dump();
    const std::size_t deep = 200000;
    text.replace(text.find("[]"), 2, std::string(deep, '[') + std::string(deep, ']'));
    WriteText(path, text);
    CHECK_THROWS_WITH(Calibration::Load(path), path + ": nested deeper than 100 levels");
}

TEST_CASE("loading refuses a file of another format or version")
{
    test::TempDir dir;
    const std::string path = dir.File("c.json");
    nlohmann::json document = Example().ToJson();
    document["format"] = "eesim-scenario";
    WriteText(path, Resealed(document).dump());
    CHECK_THROWS_WITH(Calibration::Load(path),
                      path
                          + ": not an eesim calibration file (format is \"eesim-scenario\", "
                            "expected \"eesim-calibration\")");
    WriteText(path, R"({"nodes": []})");
    CHECK_THROWS_WITH(Calibration::Load(path),
                      path + ": not an eesim calibration file (no \"format\" field)");
    document = Example().ToJson();
    document["version"] = 2;
    WriteText(path, Resealed(document).dump());
    CHECK_THROWS_WITH(Calibration::Load(path),
                      path
                          + ": calibration format version 2 is not supported (this eesim reads "
                            "version 1)");
}

TEST_CASE("loading refuses an altered file by its checksum")
{
    test::TempDir dir;
    const std::string path = dir.File("c.json");
    Example().Save(path);
    std::string text = ReadText(path);
    const auto at = text.find("0.6125");
    REQUIRE(at != std::string::npos);
    text.replace(at, 6, "0.6126");
    WriteText(path, text);
    CHECK_THROWS_WITH(Calibration::Load(path),
                      Catch::StartsWith(path + ": checksum mismatch (stored ")
                          && Catch::EndsWith("): the file was altered or damaged"));
    nlohmann::json document = Example().ToJson();
    document.erase("checksum");
    CHECK_THROWS_WITH(Calibration::FromJson(document, "c.json"),
                      "c.json: /checksum: missing (required)");
}

TEST_CASE("loading refuses missing fields")
{
    CHECK(RefusalOf([](nlohmann::json& d) { d.erase("split_after_segment"); })
          == "c.json: /split_after_segment: missing (required)");
    CHECK(RefusalOf([](nlohmann::json& d) { d["model"].erase("name"); })
          == "c.json: /model/name: missing (required)");
    CHECK(RefusalOf([](nlohmann::json& d) { d["server"]["analog"].erase("count"); })
          == "c.json: /server/analog/count: missing (required)");
    CHECK(RefusalOf([](nlohmann::json& d) { d["learned"]["analog"].erase("bias"); })
          == "c.json: /learned/analog/bias: missing (required)");
    CHECK(RefusalOf([](nlohmann::json& d) { d.erase("early_exit"); })
          == "c.json: /early_exit: missing (required)");
}

TEST_CASE("loading refuses unknown keys at every depth, all at once")
{
    CHECK(RefusalOf(
              [](nlohmann::json& d)
              {
                  d["modle"] = d["model"];
                  d["server"]["analog"]["edgs"] = d["server"]["analog"]["edges"];
                  d["learned"]["analog"]["bais"] = 0;
              })
          == "c.json: /modle: unknown key (did you mean \"model\"?)\n"
             "c.json: /server/analog/edgs: unknown key (did you mean \"edges\"?)\n"
             "c.json: /learned/analog/bais: unknown key (did you mean \"bias\"?)");
    CHECK(RefusalOf([](nlohmann::json& d) { d["server"]["a/b~c"] = 1; })
          == "c.json: /server/a~1b~0c: expected an object, got 1");
}

TEST_CASE("loading refuses tables of the wrong shape")
{
    CHECK(RefusalOf([](nlohmann::json& d) { d["early_exit"]["edges"].erase(3); })
          == "c.json: /early_exit/edges: expected 4 numbers, one more than the 3 accuracy "
             "values, got 3");
    CHECK(RefusalOf([](nlohmann::json& d) { d["server"]["analog"]["edges"][2] = -10; })
          == "c.json: /server/analog/edges: expected strictly ascending numbers, got -10 after 0 "
             "(index 2)");
    CHECK(RefusalOf([](nlohmann::json& d) { d["early_exit"]["accuracy"][1] = 1.25; })
          == "c.json: /early_exit/accuracy: expected values from 0 to 1, got 1.25 (index 1)");
    CHECK(RefusalOf([](nlohmann::json& d) { d["server"]["digital-int8"]["accuracy"][0] = -0.5; })
          == "c.json: /server/digital-int8/accuracy: expected values from 0 to 1, got -0.5 "
             "(index 0)");
    CHECK(RefusalOf([](nlohmann::json& d) { d["early_exit"]["count"][0] = 1.5; })
          == "c.json: /early_exit/count/0: expected a whole number >= 0, got 1.5");
    CHECK(RefusalOf([](nlohmann::json& d) { d["early_exit"]["count"][0] = -1; })
          == "c.json: /early_exit/count/0: expected a whole number >= 0, got -1");
    CHECK(RefusalOf([](nlohmann::json& d) { d["early_exit"]["edges"] = "0..1"; })
          == "c.json: /early_exit/edges: expected a non-empty array of numbers, got \"0..1\"");
    CHECK(RefusalOf([](nlohmann::json& d) { d["early_exit"]["measure"] = "entropy"; })
          == "c.json: /early_exit/measure: expected one of max_probability, got \"entropy\"");
    CHECK(RefusalOf([](nlohmann::json& d) { d["server"] = nlohmann::json::array(); })
          == "c.json: /server: expected an object, got an array");
}

TEST_CASE("loading refuses learned models with the wrong features")
{
    CHECK(RefusalOf(
              [](nlohmann::json& d)
              {
                  for (const char* key : { "mean", "scale", "weights" })
                  {
                      d["learned"]["analog"][key].erase(3);
                  }
              })
          == "c.json: /learned/analog/weights: expected 4 values, one per feature, got 3");
    CHECK(RefusalOf([](nlohmann::json& d) { d["learned"]["analog"]["weights"].erase(0); })
          == "c.json: /learned/analog/mean: expected 3 values, one per weight, got 4");
    CHECK_THAT(
        RefusalOf([](nlohmann::json& d) { d["learned"]["analog"]["features"].erase(3); }),
        Catch::StartsWith("c.json: /learned/analog/features: expected [\"max_probability\","));
    CHECK(RefusalOf([](nlohmann::json& d) { d["learned"]["analog"]["scale"][1] = 0; })
          == "c.json: /learned/analog/scale: expected positive numbers, got 0");
}

TEST_CASE("loading refuses a malformed model identity")
{
    CHECK(RefusalOf([](nlohmann::json& d) { d["model"]["checksum"] = "1234ABCD"; })
          == "c.json: /model/checksum: expected 8 lowercase hex digits, got \"1234ABCD\"");
    CHECK(RefusalOf([](nlohmann::json& d) { d["split_after_segment"] = -1; })
          == "c.json: /split_after_segment: out of range (expected 0 to 2147483647, got -1)");
    CHECK(RefusalOf([](nlohmann::json& d) { d["model"] = "fmnist-me4"; })
          == "c.json: /model: expected an object, got \"fmnist-me4\"");
}

TEST_CASE("a calibration is checked against the model and split it serves")
{
    const Calibration c = Example();
    CHECK_NOTHROW(c.CheckModel("fmnist-me4", "1234abcd"));
    CHECK_THROWS_WITH(c.CheckModel("fmnist-me4-jscc", "89abcdef"),
                      "calibration is for model fmnist-me4 (checksum 1234abcd), not "
                      "fmnist-me4-jscc (checksum 89abcdef)");
    CHECK_THROWS_WITH(c.CheckModel("fmnist-me4", "1234abce"),
                      Catch::Contains("not fmnist-me4 (checksum 1234abce)"));
    CHECK_NOTHROW(c.CheckSplit(1));
    CHECK_THROWS_WITH(c.CheckSplit(0),
                      "calibration is for a split after segment 1, not after segment 0");
}

TEST_CASE("a calibration names the channel modes it has")
{
    const Calibration c = Example();
    CHECK_THROWS_WITH(c.ServerTable("digital-float32"),
                      "calibration has no server table for channel mode \"digital-float32\" (it "
                      "has: analog, digital-int8)");
    CHECK_THROWS_WITH(c.LearnedModel("digital-int8"),
                      "calibration has no learned model for channel mode \"digital-int8\" (it "
                      "has: analog)");
}
