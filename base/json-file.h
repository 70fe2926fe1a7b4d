#ifndef EESIM_BASE_JSON_FILE_H
#define EESIM_BASE_JSON_FILE_H

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace eesim
{

/**
 * Deepest nesting accepted in JSON input. Our files need a handful of levels; nlohmann::json
 * parses iteratively but copies and prints recursively, so a document nested some ten thousand
 * levels deep (a file of a few tens of kilobytes) would overflow the stack later on.
 */
constexpr int kMaxJsonDepth = 100;

/** The largest JSON file eesim reads (16 MiB): our scenarios, configs and calibration files are
 *  a few kilobytes, and a parsed document takes some thirty times its text in memory. */
constexpr std::uintmax_t kMaxJsonFileBytes = 16U << 20U;

/**
 * Parses JSON text, refusing a key twice in one object, a number beyond a double's range and
 * nesting deeper than kMaxJsonDepth. Throws eesim::Error: "WHAT: parse error at line L, column C:
 * ...", "WHAT: nested deeper than 100 levels", "WHAT: /pointer: duplicate key ..." or "WHAT:
 * /pointer: number ... is out of range ...".
 */
nlohmann::json ParseJsonText(const std::string& text, const std::string& what);

/** As ParseJsonText, but text that is not JSON at all gives nullopt instead of an error (the
 *  other refusals still throw): for values that may be JSON or a bare word. */
std::optional<nlohmann::json> ParseJsonTextIfJson(const std::string& text, const std::string& what);

/** Reads (base/input-file.h: a regular file of at most kMaxJsonFileBytes) and parses a JSON file
 *  as ParseJsonText does, naming the file in every error. */
nlohmann::json ParseJsonFile(const std::string& path);

} // namespace eesim

#endif
