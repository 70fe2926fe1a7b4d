// The eesim executable run as a process: help, usage errors and bad files give one-line errors
// and a non-zero exit, and never a partial output file.
#include "tests/cli/cli-support.h"
#include "tests/test-support.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

using namespace eesim;
using namespace eesim::test;

namespace
{

void
CopyFile(const std::string& from, const std::string& to, std::size_t keep)
{
    std::ifstream in(from, std::ios::binary);
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    bytes.resize(std::min(keep, bytes.size()));
    std::ofstream(to, std::ios::binary).write(bytes.data(), std::streamsize(bytes.size()));
}

} // namespace

TEST_CASE("eesim --help lists the commands and exits 0")
{
    const Result result = Run("--help");
    CHECK(result.exitCode == 0);
    CHECK_THAT(result.output, Catch::Contains("train CONFIG.json")
                                  && Catch::Contains("model info MODEL")
                                  && Catch::Contains("model eval MODEL"));
    CHECK(Run("model eval --help").exitCode == 0);
    CHECK(Run("--version").output.rfind("eesim ", 0) == 0);
}

TEST_CASE("no command prints the usage and exits 2")
{
    const Result result = Run("");
    CHECK(result.exitCode == 2);
    CHECK_THAT(result.output, Catch::StartsWith("usage: eesim"));
}

TEST_CASE("an unknown command or option is a one-line error with exit code 2")
{
    const Result command = Run("frobnicate");
    CheckOneLineError(command, "unknown command 'frobnicate'");
    CHECK(command.exitCode == 2);
    const Result option = Run("model eval " + test::ShippedModel() + " --frobnicate");
    CheckOneLineError(option, "frobnicate");
    CHECK(option.exitCode == 2);
    CheckOneLineError(Run("model eval " + test::ShippedModel() + " --split dev"),
                      "unknown split 'dev'");
}

TEST_CASE("a missing model or config file is a one-line error naming it")
{
    CheckOneLineError(Run("model info /nonexistent/m.eem"), "/nonexistent/m.eem: cannot open");
    CheckOneLineError(Run("train /nonexistent/c.json"), "/nonexistent/c.json: cannot open");
}

TEST_CASE("a corrupt or truncated model file is refused without partial output")
{
    test::TempDir dir;
    CopyFile(test::ShippedModel(), dir.File("truncated.eem"), 5000);
    const Result truncated
        = Run("model eval " + dir.File("truncated.eem") + " --dump " + dir.File("out.csv"));
    CheckOneLineError(truncated, dir.File("truncated.eem") + ": truncated model file");
    CHECK(truncated.exitCode == 2);

    CopyFile(test::ShippedModel(), dir.File("corrupt.eem"), std::size_t(-1));
    {
        std::fstream file(dir.File("corrupt.eem"), std::ios::in | std::ios::out | std::ios::binary);
        file.seekp(3000);
        file.put('\x5a');
    }
    CheckOneLineError(
        Run("model eval " + dir.File("corrupt.eem") + " --dump " + dir.File("out.csv")),
        dir.File("corrupt.eem") + ": checksum mismatch");
    CHECK_FALSE(Exists(dir.File("out.csv")));
    CHECK_FALSE(Exists(dir.File("out.csv.tmp")));
}

TEST_CASE("a missing dataset is a one-line error that says how to install it")
{
    test::TempDir dir;
    const Result result = Run("model eval " + test::ShippedModel() + " --data /nonexistent/data"
                              + " --dump " + dir.File("out.csv"));
    CheckOneLineError(result, "/nonexistent/data: dataset folder not found");
    CHECK_THAT(result.output, Catch::Contains("dataset-fashion-mnist"));
    CHECK_FALSE(Exists(dir.File("out.csv")));
}

TEST_CASE("a truncated IDX file is a one-line error naming it, without partial output")
{
    test::TempDir dir;
    // Unpacked IDX files (gzip is optional): a full label file, an image file cut short.
    std::ofstream(dir.File("t10k-labels-idx1-ubyte"), std::ios::binary)
        << std::string("\0\0\x08\x01\0\0\0\x02\x01\x02", 10);
    std::ofstream(dir.File("t10k-images-idx3-ubyte"), std::ios::binary)
        << std::string("\0\0\x08\x03\0\0\0\x02\0\0\0\x1c\0\0\0\x1c", 16) << std::string(100, 'x');
    const Result result = Run("model eval " + test::ShippedModel() + " --data " + dir.Path()
                              + " --dump " + dir.File("out.csv"));
    CheckOneLineError(result, dir.File("t10k-images-idx3-ubyte") + ": truncated IDX file");
    CHECK_FALSE(Exists(dir.File("out.csv")));
}

TEST_CASE("model info reports FLOPs and output bytes per segment")
{
    const Result result = Run("model info " + test::ShippedModel());
    INFO(result.output);
    CHECK(result.exitCode == 0);
    CHECK_THAT(result.output, Catch::Contains("fmnist-me4") && Catch::Contains("output bytes")
                                  && Catch::Contains("16x14x14") && Catch::Contains("12544"));
}

TEST_CASE("model eval --dump writes one row per sample and exit")
{
    test::TempDir dir;
    const Result result
        = Run("model eval " + test::ShippedModel() + " --limit 50 --dump " + dir.File("d.csv"));
    INFO(result.output);
    REQUIRE(result.exitCode == 0);
    std::ifstream in(dir.File("d.csv"));
    std::string header;
    std::getline(in, header);
    CHECK(header.rfind("sample,label,exit,prediction,logit_0,", 0) == 0);
    int rows = 0;
    for (std::string line; std::getline(in, line);)
    {
        ++rows;
    }
    CHECK(rows == 50 * 4);
}

TEST_CASE("train refuses an output folder it cannot write before training")
{
    const Result result = Run("train " + std::string(EESIM_SOURCE_DIR)
                              + "/models/fmnist-me4.train.json --out /nonexistent/m.eem --quiet");
    CheckOneLineError(result, "/nonexistent/m.eem: cannot write the model there");
    CHECK(result.exitCode == 2);
}

TEST_CASE("the manual's reference tables are the validator's own")
{
    // --list-keys prints six tables, separated by blank lines; each is in its reference page
    // (scripts/update-reference writes them there).
    const Result keys = Run("validate --list-keys");
    REQUIRE(keys.exitCode == 0);
    const char* const pages[]
        = { "scenario-keys", "compute", "link-types", "compute", "policies", "policies" };
    std::size_t start = 0;
    for (std::size_t i = 0; i < std::size(pages); ++i)
    {
        const std::string page = pages[i];
        const std::size_t end = keys.output.find("\n\n", start);
        const std::string table = keys.output.substr(
            start, end == std::string::npos ? std::string::npos : end + 1 - start);
        INFO(page << ".md should hold:\n" << table.substr(0, 200));
        CHECK(
            ReadFile(std::string(EESIM_SOURCE_DIR) + "/docs/reference/" + page + ".md").find(table)
            != std::string::npos);
        REQUIRE((end != std::string::npos || i + 1 == std::size(pages)));
        start = end + 2;
    }
}

TEST_CASE("a malformed scenario gives every error with its pointer and exit code 2")
{
    test::TempDir dir;
    std::ofstream(dir.File("bad.json")) << R"({"requests": {"count": -5, "arival": "poisson"},
        "nodes": [{"name": "d", "role": "phone"}], "wifi": {"standard": 11}})";
    const Result result = Run("validate " + dir.File("bad.json"));
    INFO(result.output);
    CHECK(result.exitCode == 2);
    const std::string file = dir.File("bad.json");
    CHECK_THAT(result.output, Catch::Contains("eesim: " + file
                                              + ": /requests/arival: unknown key "
                                                "(did you mean \"arrival\"?)"));
    CHECK_THAT(result.output,
               Catch::Contains("eesim: " + file + ": /requests/count: out of range"));
    CHECK_THAT(result.output, Catch::Contains("eesim: " + file
                                              + ": /nodes/0/role: expected one of "
                                                "device, server"));
    CHECK_THAT(result.output, Catch::Contains("eesim: " + file
                                              + ": /wifi/standard: expected a "
                                                "string, got 11"));
}

TEST_CASE("eesim run writes the run folder and prints the summary table")
{
    test::TempDir dir;
    const Result result
        = Run("run " + std::string(EESIM_SOURCE_DIR)
              + "/scenarios/quickstart.json --set requests.count=20 --out " + dir.File("run"));
    INFO(result.output);
    REQUIRE(result.exitCode == 0);
    CHECK_THAT(result.output,
               Catch::Contains("20 requests issued, 20 completed, 0 dropped, 0 unfinished")
                   && Catch::Contains("accuracy") && Catch::Contains("p95"));
    CHECK(Exists(dir.File("run/requests.csv")));
    CHECK(Exists(dir.File("run/summary.json")));
    CHECK_FALSE(Exists(dir.File("run/requests.csv.tmp")));
}

TEST_CASE("run refuses a non-empty run folder unless forced")
{
    test::TempDir dir;
    const std::string base = "run " + std::string(EESIM_SOURCE_DIR)
                             + "/scenarios/quickstart.json --set requests.count=5 --out "
                             + dir.File("run");
    REQUIRE(Run(base).exitCode == 0);
    const Result again = Run(base);
    CheckOneLineError(again, dir.File("run") + ": the run folder is not empty");
    CHECK(again.exitCode == 2);
    CHECK(Run(base + " --force").exitCode == 0);
}

TEST_CASE(
    "run with --force replaces only the files an earlier run wrote, and never a foreign folder")
{
    test::TempDir dir;
    const std::string base = "run " + std::string(EESIM_SOURCE_DIR)
                             + "/scenarios/quickstart.json --set requests.count=5 --out ";
    REQUIRE(Run(base + dir.File("run")).exitCode == 0);
    const std::string manifest = ReadFile(dir.File("run/eesim-run.txt"));
    CHECK_THAT(manifest, Catch::Contains("\nrequests.csv\n") && Catch::Contains("summary.json"));
    // A user's notes beside the results, named like them.
    std::ofstream(dir.File("run/requests-for-budget.txt")) << "mine";
    std::ofstream(dir.File("run/summary.json.bak")) << "mine";
    REQUIRE(Run(base + dir.File("run") + " --force --seed 2").exitCode == 0);
    CHECK(ReadFile(dir.File("run/requests-for-budget.txt")) == "mine");
    CHECK(ReadFile(dir.File("run/summary.json.bak")) == "mine");
    CHECK_THAT(ReadFile(dir.File("run/summary.json")), Catch::Contains("\"seed\": 2"));
    CHECK_THAT(ReadFile(dir.File("run/eesim-run.txt")),
               !Catch::Contains("requests-for-budget.txt"));

    // A folder eesim did not fill is refused even with --force, and left as it was.
    std::filesystem::create_directories(dir.File("mine"));
    std::ofstream(dir.File("mine/requests.csv")) << "precious";
    const Result refused = Run(base + dir.File("mine") + " --force");
    CheckOneLineError(refused, dir.File("mine")
                                   + ": the folder is not empty and holds no "
                                     "eesim-run.txt");
    CHECK(refused.exitCode == 2);
    CHECK(ReadFile(dir.File("mine/requests.csv")) == "precious");
}

TEST_CASE("SIGTERM stops a run cleanly with its rows so far and a summary marked interrupted")
{
    test::TempDir dir;
    // About an hour of simulated traffic: far longer than the second before the signal.
    const std::string command = std::string(EESIM_BINARY) + " run " + EESIM_SOURCE_DIR
                                + "/scenarios/quickstart.json --quiet --set requests.count=100000"
                                + " --out " + dir.File("run");
    const Result result = Run("--version >/dev/null; sh -c '" + command
                              + " >/dev/null 2>&1 & pid=$!; sleep 1; "
                                "kill -TERM $pid; wait $pid; echo exit=$?'");
    INFO(result.output);
    CHECK_THAT(result.output, Catch::Contains("exit=143"));
    CHECK(Exists(dir.File("run/requests.partial.csv")));
    CHECK_FALSE(Exists(dir.File("run/requests.csv")));
    CHECK_FALSE(Exists(dir.File("run/requests.csv.tmp")));
    std::ifstream summary(dir.File("run/summary.json"));
    const std::string text((std::istreambuf_iterator<char>(summary)),
                           std::istreambuf_iterator<char>());
    CHECK_THAT(text, Catch::Contains("\"status\": \"interrupted\""));
}
