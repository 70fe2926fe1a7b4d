// The device/server split over a noisy channel: analog links with the shipped JSCC model,
// digital Wi-Fi at a fixed SNR, and the transmission decisions' bounds and accounting.
#include "nn/dataset.h"
#include "nn/loss.h"
#include "nn/model-file.h"
#include "policies/calibration.h"
#include "tests/sim/simulation-support.h"
#include "tests/test-support.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>

using namespace eesim;
using eesim::test::Run;
using eesim::test::Simulate;

namespace
{

std::string
JsccModel()
{
    return std::string(EESIM_SOURCE_DIR) + "/models/fmnist-me4-jscc.eem";
}

std::string
JsccCalibration()
{
    return std::string(EESIM_SOURCE_DIR) + "/models/fmnist-me4-jscc.calibration.json";
}

/** A device 10 m from the server; segment 0 and its exit on the device, the rest on the
 *  server behind an analog link at a fixed SNR; the TD decides every request. */
nlohmann::json
SplitDocument(int count, double snrDb, const std::string& transmission)
{
    nlohmann::json doc = nlohmann::json::parse(R"({
      "name": "noisy-test",
      "requests": {"count": 0, "rate_per_s": 50, "start_s": 0.5},
      "nodes": [
        {"name": "device", "role": "device", "position_m": [10, 0, 0], "capacity_gflops": 2},
        {"name": "server", "role": "server", "capacity_gflops": 100}
      ],
      "placement": ["source", "server"],
      "channel": {"mode": "analog", "snr": "fixed"},
      "transport": {"encoding": "int8", "answer_timeout_ms": 200},
      "policies": {"exit": {"name": "none"}}
    })");
    doc["requests"]["count"] = count;
    doc["model"] = JsccModel();
    doc["channel"]["snr_db"] = snrDb;
    doc["policies"]["transmission"]
        = { { "name", transmission }, { "calibration", JsccCalibration() } };
    return doc;
}

double
Accuracy(const Run& run)
{
    return run.summary["accuracy"].get<double>();
}

/** The JSCC model's final-exit accuracy without any noise on the run's own samples. */
double
CleanAccuracy(const Run& run)
{
    MultiExitModel model = ModelFile::Load(JsccModel());
    const Dataset data = Dataset::Load(test::FashionMnistDir(), Split::kTest);
    int clean = 0;
    for (const auto& row : run.rows)
    {
        const int sample = std::stoi(row.at("sample"));
        const auto logits
            = model.ForwardAll(data.Images(sample, 1, model.Preprocessing()), Mode::kInference);
        clean += ArgMax(logits.back(), 0) == data.Label(sample) ? 1 : 0;
    }
    return double(clean) / double(run.rows.size());
}

} // namespace

TEST_CASE("the analog link delivers after symbols / symbol rate plus the propagation delay")
{
    test::TempDir dir;
    auto doc = SplitDocument(20, 20, "always-transmit");
    doc["requests"]["arrival"] = "periodic"; // 20 ms apart: no transmission waits for another
    const Run run = Simulate(dir, doc);
    REQUIRE(run.rows.size() == 20);
    const double expected = 392 / 1e6 + 10 / 299792458.0;
    for (const auto& row : run.rows)
    {
        CHECK(row.at("symbols") == "392");
        CHECK(row.at("feature_bytes") == "0");
        CHECK(row.at("snr_db") == "20.00");
        CHECK(std::stod(row.at("network_s")) == Approx(expected).epsilon(1e-6));
    }
}

TEST_CASE("communication saved is 0 for always-transmit and 1 for never-transmit")
{
    test::TempDir dir;
    const Run always = Simulate(dir, SplitDocument(100, 10, "always-transmit"), "always");
    const Run never = Simulate(dir, SplitDocument(100, 10, "never-transmit"), "never");
    CHECK(always.summary["communication"]["saved_symbols"].get<double>() == 0.0);
    CHECK(always.summary["communication"]["sent_symbols"] == 100 * 392);
    CHECK(never.summary["communication"]["saved_symbols"].get<double>() == 1.0);
    CHECK(never.summary["communication"]["symbols"] == 0);
    CHECK(never.summary["transmitted_fraction"].get<double>() == 0.0);
    CHECK(never.summary["energy"]["analog_tx_j_per_request"].get<double>() == 0.0);
    // 392 symbols at 10 dBm for 392 us: 3.92 uJ per transmitted request.
    CHECK(always.summary["energy"]["analog_tx_j_per_request"].get<double>()
          == Approx(0.01 * 392e-6).epsilon(1e-9));
}

TEST_CASE("at high SNR always-transmit matches the clean final exit within half a point")
{
    test::TempDir dir;
    const Run run = Simulate(dir, SplitDocument(600, 40, "always-transmit"));
    CHECK(std::abs(Accuracy(run) - CleanAccuracy(run)) <= 0.005);
}

TEST_CASE("at very low SNR never-transmit beats always-transmit")
{
    test::TempDir dir;
    const Run always = Simulate(dir, SplitDocument(300, -20, "always-transmit"), "always");
    const Run never = Simulate(dir, SplitDocument(300, -20, "never-transmit"), "never");
    CHECK(Accuracy(never) > Accuracy(always) + 0.2);
}

TEST_CASE("oracle is at least as accurate as every other TD on the same samples and noise")
{
    test::TempDir dir;
    const Run oracle = Simulate(dir, SplitDocument(400, 0, "oracle"), "oracle");
    for (const char* other :
         { "always-transmit", "never-transmit", "confidence", "entropy", "snr-aware", "learned" })
    {
        const Run run = Simulate(dir, SplitDocument(400, 0, other), other);
        INFO(other);
        CHECK(Accuracy(oracle) >= Accuracy(run));
        // Same seed, same images: the runs differ in their decisions only.
        CHECK(run.rows.front().at("sample") == oracle.rows.front().at("sample"));
    }
    // It transmits only where the server is right and the device wrong: every transmitted
    // request is answered correctly by the server, and the device's own exit (no noise before
    // it, so computed here) had it wrong.
    CHECK(oracle.summary["transmitted_fraction"].get<double>() < 0.2);
    MultiExitModel model = ModelFile::Load(JsccModel());
    const Dataset data = Dataset::Load(test::FashionMnistDir(), Split::kTest);
    int transmitted = 0;
    for (const auto& row : oracle.rows)
    {
        if (row.at("transmitted") != "1")
        {
            continue;
        }
        ++transmitted;
        const int sample = std::stoi(row.at("sample"));
        const Tensor device = model.RunExit(
            0, model.RunSegment(0, data.Images(sample, 1, model.Preprocessing()), Mode::kInference),
            Mode::kInference);
        INFO("request " << row.at("request"));
        CHECK(row.at("correct") == "1");
        CHECK(ArgMax(device, 0) != data.Label(sample));
    }
    CHECK(transmitted > 10);
}

TEST_CASE("the analog server degrades gracefully with SNR, from its noiseless accuracy")
{
    // The same 300 samples at every SNR (one seed), against the model's accuracy on them without
    // noise. The model card's noisy accuracies put the final exit about 10 points below the
    // noiseless one at -5 dB and 4 points below at 0 dB; a link that added no noise, or too
    // little, would leave -10 dB and 0 dB at the noiseless accuracy.
    test::TempDir dir;
    std::vector<double> accuracy;
    double clean = 0;
    for (double snr : { -10.0, 0.0, 10.0, 25.0 })
    {
        const Run run = Simulate(dir, SplitDocument(300, snr, "always-transmit"),
                                 "snr" + std::to_string(int(snr) + 100));
        accuracy.push_back(Accuracy(run));
        clean = CleanAccuracy(run);
    }
    INFO("noiseless " << clean << "; at -10, 0, 10, 25 dB: " << accuracy[0] << ", "
                      << accuracy[1] << ", " << accuracy[2] << ", " << accuracy[3]);
    CHECK(accuracy[0] < clean - 0.15);
    CHECK(accuracy[1] < clean - 0.01);
    CHECK(accuracy[3] >= clean - 0.02);
    // Non-decreasing in SNR, within the flips a few of 300 paired samples may take either way.
    for (std::size_t i = 1; i < accuracy.size(); ++i)
    {
        CHECK(accuracy[i] >= accuracy[i - 1] - 0.02);
    }
}

TEST_CASE("digital Wi-Fi at a fixed SNR records that SNR per frame and falls off a cliff")
{
    test::TempDir dir;
    auto doc = SplitDocument(60, 20, "always-transmit");
    doc["channel"]["mode"] = "digital";
    const Run good = Simulate(dir, doc, "good");
    for (const auto& row : good.rows)
    {
        CHECK(std::abs(std::stod(row.at("snr_db")) - 20.0) < 0.1);
        CHECK(row.at("symbols") == "0");
        CHECK(std::stoi(row.at("feature_bytes")) > 392); // int8 symbols, framing included
    }
    CHECK(good.summary["requests"]["timed_out"] == 0);
    // Below the PHY's 4 dB preamble-detection threshold nothing gets through: every request
    // falls back to the device's exit after the answer timeout.
    doc["channel"]["snr_db"] = 2;
    const Run bad = Simulate(dir, doc, "bad");
    CHECK(bad.summary["requests"]["timed_out"] == 60);
    CHECK(bad.summary["exit_histogram"][0] == 60);
}

namespace
{

std::vector<double>
Column(const Run& run, const std::string& name)
{
    std::vector<double> values;
    for (const auto& row : run.rows)
    {
        if (!row.at(name).empty())
        {
            values.push_back(std::stod(row.at(name)));
        }
    }
    return values;
}

/** The validator's message for a document, or "" when it loads. */
std::string
LoadError(const test::TempDir& dir, const nlohmann::json& doc)
{
    std::ofstream(dir.File("check.json")) << doc.dump();
    try
    {
        LoadScenario(dir.File("check.json"), {});
    }
    catch (const std::exception& e)
    {
        return e.what();
    }
    return "";
}

} // namespace

TEST_CASE("perfect channel-state information is the SNR the transmission sees")
{
    test::TempDir dir;
    auto doc = SplitDocument(200, 7, "always-transmit");
    doc["channel"]["fading"] = "block";
    doc["channel"]["coherence_time_ms"] = 50;
    const Run run = Simulate(dir, doc);
    int same = 0;
    for (const auto& row : run.rows)
    {
        same += row.at("csi_snr_db") == row.at("snr_db") ? 1 : 0;
    }
    // Only a block boundary between the decision and the end of the encoder separates them.
    CHECK(same >= 190);
    const auto snr = Column(run, "snr_db");
    double spread = 0.0;
    for (double s : snr)
    {
        spread = std::max(spread, std::abs(s - 7.0));
    }
    CHECK(spread > 5.0); // Rayleigh blocks move the SNR by several dB around its mean
}

TEST_CASE("delayed channel-state information lags the channel, noisy CSI scatters around it")
{
    test::TempDir dir;
    auto doc = SplitDocument(300, 7, "always-transmit");
    doc["channel"]["fading"] = "block";
    doc["channel"]["coherence_time_ms"] = 10;
    doc["csi"] = { { "mode", "delayed" }, { "delay_ms", 100 } };
    const Run delayed = Simulate(dir, doc, "delayed");
    int same = 0;
    for (const auto& row : delayed.rows)
    {
        same += row.at("csi_snr_db") == row.at("snr_db") ? 1 : 0;
    }
    CHECK(same < 60); // 100 ms is ten coherence times: the estimate is another block's

    auto noisyDoc = SplitDocument(400, 7, "always-transmit");
    noisyDoc["csi"] = { { "mode", "noisy" }, { "sigma_db", 3 } };
    const auto csi = Column(Simulate(dir, noisyDoc, "noisy"), "csi_snr_db");
    REQUIRE(csi.size() == 400);
    double mean = 0.0;
    double square = 0.0;
    for (double c : csi)
    {
        mean += c / 400;
        square += c * c / 400;
    }
    CHECK(mean == Approx(7.0).margin(0.5));
    CHECK(std::sqrt(square - mean * mean) == Approx(3.0).margin(0.4));
}

TEST_CASE("the validator refuses analog links without a bottleneck and TDs without calibration")
{
    test::TempDir dir;
    auto analogPlain = SplitDocument(10, 5, "always-transmit");
    analogPlain["model"] = test::ShippedModel();
    CHECK_THAT(LoadError(dir, analogPlain),
               Catch::Contains("/channel: the link device -> server after segment 0 is analog, "
                               "but the model has no bottleneck there"));

    auto uncalibrated = SplitDocument(10, 5, "snr-aware");
    uncalibrated["policies"]["transmission"].erase("calibration");
    CHECK_THAT(LoadError(dir, uncalibrated),
               Catch::Contains("/policies/transmission/calibration: policy \"snr-aware\" needs "
                               "a calibration file"));

    // The JSCC model's calibration does not fit the plain model.
    auto foreign = SplitDocument(10, 5, "learned");
    foreign["model"] = test::ShippedModel();
    foreign["channel"]["mode"] = "digital";
    CHECK_THAT(LoadError(dir, foreign),
               Catch::Contains("calibration is for model fmnist-me4-jscc (checksum 76e56c34), "
                               "not fmnist-me4 (checksum da5a7fc0)"));

    CHECK(LoadError(dir, SplitDocument(10, 5, "learned")).empty());
}

TEST_CASE("the shipped calibration is intact and its tables rise with confidence and SNR")
{
    const Calibration calibration = Calibration::Load(JsccCalibration());
    CHECK(calibration.modelChecksum == "76e56c34");
    CHECK(calibration.splitAfterSegment == 0);
    auto rising = [](const CalibrationTable& table)
    {
        const auto& accuracy = table.Accuracy();
        return std::is_sorted(accuracy.begin(), accuracy.end());
    };
    CHECK(rising(calibration.earlyExit));
    const CalibrationTable& analog = calibration.ServerTable("analog");
    CHECK(rising(analog));
    CHECK(analog.Lookup(-5) < 0.85);
    CHECK(analog.Lookup(25) > 0.9);
    CHECK(calibration.earlyExit.Lookup(0.99) > 0.98);
    for (const char* mode : { "digital-float32", "digital-float16", "digital-int8", "analog" })
    {
        CHECK_NOTHROW(calibration.LearnedModel(mode));
    }
}

TEST_CASE("a moving device's analog SNR follows the log-distance link budget at its position")
{
    // The device starts 5 m from the server and moves away at 1.2 m/s. SNR = transmit power
    // (-12 dBm) - path loss (46.6777 dB at 1 m, exponent 3) - noise floor (-174 dBm/Hz + 60 dB
    // for the 1 MHz symbol rate + 7 dB noise figure), at the distance when the request arrives
    // (the device's compute takes microseconds: a centimetre of travel at most).
    test::TempDir dir;
    auto doc = SplitDocument(0, 0, "always-transmit");
    doc["requests"] = { { "count", 200 }, { "rate_per_s", 10 }, { "start_s", 0.5 } };
    doc["nodes"][0]["position_m"] = { 5, 0, 0 };
    doc["nodes"][0]["velocity_mps"] = { 1.2, 0, 0 };
    doc["channel"] = { { "mode", "analog" },
                       { "snr", "propagation" },
                       { "analog", { { "symbol_rate_per_s", 1e6 }, { "tx_power_dbm", -12 } } } };
    const Run run = Simulate(dir, doc);
    REQUIRE(run.rows.size() == 200);
    const double noiseFloor = -174 + 60 + 7;
    std::vector<double> expectedSnr;
    for (const auto& row : run.rows)
    {
        const double t = std::stod(row.at("arrival_s"));
        const double distance = 5 + 1.2 * t;
        const double expected = -12 - (46.6777 + 30 * std::log10(distance)) - noiseFloor;
        INFO("arrival " << t << " s, " << distance << " m");
        CHECK(std::stod(row.at("snr_db")) == Approx(expected).margin(0.01));
        expectedSnr.push_back(expected);
    }
    // Over the run the device moves some 25 m away: the SNR falls by more than 10 dB.
    CHECK(expectedSnr.front() - expectedSnr.back() > 10);
}

TEST_CASE("gilbert-elliott fading in a full run: a fifth of requests see the bad state's SNR")
{
    // Good and bad states of mean 0.2 s and 0.05 s: the link is bad a fraction 0.05 / 0.25 = 0.2
    // of the time, and a request sees 10 dB or 10 - 15 = -5 dB. Over 100 s the fraction of
    // requests in the bad state has a standard deviation of about 0.015 (some 400 bad spells,
    // 2,000 requests); the check allows four of them.
    test::TempDir dir;
    auto doc = SplitDocument(2000, 10, "always-transmit");
    doc["requests"]["rate_per_s"] = 20;
    doc["channel"]["fading"] = "gilbert-elliott";
    doc["channel"]["mean_good_s"] = 0.2;
    doc["channel"]["mean_bad_s"] = 0.05;
    doc["channel"]["bad_loss_db"] = 15;
    const Run run = Simulate(dir, doc);
    REQUIRE(run.rows.size() == 2000);
    int bad = 0;
    int goodCorrect = 0;
    int badCorrect = 0;
    for (const auto& row : run.rows)
    {
        const double snr = std::stod(row.at("snr_db"));
        INFO("request " << row.at("request") << ": " << snr << " dB");
        CHECK((std::abs(snr - 10) < 0.01 || std::abs(snr + 5) < 0.01));
        const bool isBad = snr < 0;
        bad += isBad ? 1 : 0;
        (isBad ? badCorrect : goodCorrect) += row.at("correct") == "1" ? 1 : 0;
    }
    CHECK(std::abs(bad / 2000.0 - 0.2) < 0.06);
    // The noise is drawn at the faded SNR: the bad state's answers are clearly worse (the model
    // card: about 90 % at 10 dB, 80 % at -5 dB).
    const double goodAccuracy = double(goodCorrect) / (2000 - bad);
    const double badAccuracy = double(badCorrect) / bad;
    INFO("good " << goodAccuracy << ", bad " << badAccuracy);
    CHECK(badAccuracy < goodAccuracy - 0.04);
}
