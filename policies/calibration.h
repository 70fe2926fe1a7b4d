#ifndef EESIM_POLICIES_CALIBRATION_H
#define EESIM_POLICIES_CALIBRATION_H

#include "policies/calibration-table.h"
#include "policies/logistic-model.h"

#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace eesim
{

/**
 * What `eesim calibrate MODEL` measures on the validation split for one split point, and what
 * the snr-aware and learned transmission policies read: the early exit's accuracy by confidence,
 * the server's accuracy by SNR for each channel mode, and the learned TD's model per mode.
 *
 * On disk it is JSON (snake_case keys):
 *
 *     {"format": "eesim-calibration", "version": 1,
 *      "model": {"name": "fmnist-me4", "checksum": "1234abcd"},
 *      "split_after_segment": 0,
 *      "early_exit": {"measure": "max_probability", "edges": [...], "accuracy": [...],
 *                     "count": [...]},
 *      "server": {"analog": {"measure": "snr_db", "edges": ..., "accuracy": ..., "count": ...},
 *                 "digital-int8": {...}},
 *      "learned": {"analog": {"features": ["max_probability", "normalized_entropy", "margin",
 *                                          "snr_db"],
 *                             "mean": [...], "scale": [...], "weights": [...], "bias": b}},
 *      "checksum": "89abcdef"}
 *
 * "checksum" is the CRC-32 of the compact dump (keys sorted, as nlohmann::json orders them) of
 * the document without its "checksum" member: a hand edit or a damaged copy is refused rather
 * than silently changing what a policy decides.
 */
struct Calibration
{
    static constexpr const char* kFormat = "eesim-calibration";
    static constexpr int kVersion = 1;

    std::string modelName;
    std::string modelChecksum; // 8 lowercase hex digits, as ModelFile::Checksum writes it
    /** The device runs segments 0..splitAfterSegment; the early exit is exit splitAfterSegment
     *  and the server answers from the final exit. */
    int splitAfterSegment = 0;
    CalibrationTable earlyExit;                           // accuracy by top-1 probability
    std::map<std::string, CalibrationTable> serverTables; // by channel mode: accuracy by SNR dB
    std::map<std::string, LogisticModel> learnedModels;   // by channel mode

    /** Throw std::invalid_argument naming the mode and the modes there are. */
    const CalibrationTable& ServerTable(const std::string& channelMode) const;
    const LogisticModel& LearnedModel(const std::string& channelMode) const;

    /** Throws std::invalid_argument("calibration is for model A (checksum X), not B (checksum
     *  Y)") unless both match. */
    void CheckModel(const std::string& name, const std::string& checksum) const;
    /** Throws std::invalid_argument unless the calibration is for this split. */
    void CheckSplit(int segment) const;

    /** The document, checksum included. */
    nlohmann::json ToJson() const;
    /** Checks, in order: format tag, version, checksum, then every key (by key tables, unknown
     *  keys refused at every depth) and every table's shape. Throws eesim::Error with every
     *  problem, one per line: "FILE: /json/pointer: what is wrong (expected ..., got ...)". */
    static Calibration FromJson(const nlohmann::json& document, const std::string& file);
    /** The CRC-32 (8 hex digits) of the document without its "checksum" member. */
    static std::string ContentChecksum(const nlohmann::json& document);

    /** Writes PATH.tmp and renames it to PATH; eesim::Error("PATH: cannot write the calibration
     *  file") on failure. */
    void Save(const std::string& path) const;
    /** Reads with the project's one JSON parser (base/json-file.h), then FromJson. Throws
     *  eesim::Error("PATH: problem") for a missing, non-JSON, foreign, altered or malformed file.
     */
    static Calibration Load(const std::string& path);
};

} // namespace eesim

#endif
