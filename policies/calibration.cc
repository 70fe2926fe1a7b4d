#include "policies/calibration.h"

#include "base/crc32.h"
#include "policies/json-fields.h"
#include "policies/learned-transmission.h"

#include <cstdio>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace eesim
{

namespace
{

const char* const kEarlyMeasure = "max_probability";
const char* const kServerMeasure = "snr_db";

std::string
Keys(const std::map<std::string, CalibrationTable>& tables)
{
    std::string keys;
    for (const auto& [mode, table] : tables)
    {
        keys += (keys.empty() ? "" : ", ") + mode;
    }
    return keys.empty() ? "none" : keys;
}

nlohmann::json
TableJson(const CalibrationTable& table, const char* measure)
{
    nlohmann::json value = table.ToJson();
    value["measure"] = measure;
    return value;
}

CalibrationTable
ReadTable(const nlohmann::json& value, const std::string& pointer, const char* measure)
{
    const std::string at = JsonFields::Child(pointer, "measure");
    const std::string got = JsonFields::String(JsonFields::Require(value, "measure", pointer), at);
    if (got != measure)
    {
        throw std::invalid_argument(at + ": expected \"" + std::string(measure) + "\", got \"" + got
                                    + "\"");
    }
    return CalibrationTable::FromJson(value, pointer);
}

LogisticModel
ReadLearned(const nlohmann::json& value, const std::string& pointer)
{
    const auto& expected = LearnedTransmission::FeatureNames();
    const auto& features = JsonFields::Require(value, "features", pointer);
    if (features != nlohmann::json(expected))
    {
        throw std::invalid_argument(JsonFields::Child(pointer, "features") + ": expected "
                                    + nlohmann::json(expected).dump() + ", got " + features.dump());
    }
    LogisticModel model = LogisticModel::FromJson(value, pointer);
    if (model.FeatureCount() != expected.size())
    {
        throw std::invalid_argument(
            JsonFields::Child(pointer, "weights") + ": expected " + std::to_string(expected.size())
            + " values, one per feature, got " + std::to_string(model.FeatureCount()));
    }
    return model;
}

/** Format tag, version and checksum: whether this is a calibration file we may read at all. */
void
CheckEnvelope(const nlohmann::json& document)
{
    if (!document.is_object() || !document.contains("format"))
    {
        throw std::invalid_argument("not an eesim calibration file (no \"format\" field)");
    }
    const auto& format = document["format"];
    if (format != nlohmann::json(Calibration::kFormat))
    {
        throw std::invalid_argument("not an eesim calibration file (format is " + format.dump()
                                    + ", expected \"" + Calibration::kFormat + "\")");
    }
    const auto& version = JsonFields::Require(document, "version", "");
    if (version != nlohmann::json(Calibration::kVersion))
    {
        throw std::invalid_argument("calibration format version " + version.dump()
                                    + " is not supported (this eesim reads version "
                                    + std::to_string(Calibration::kVersion) + ")");
    }
    const std::string stored
        = JsonFields::String(JsonFields::Require(document, "checksum", ""), "/checksum");
    const std::string computed = Calibration::ContentChecksum(document);
    if (stored != computed)
    {
        throw std::invalid_argument("checksum mismatch (stored " + stored + ", content has "
                                    + computed + "): the file was altered or damaged");
    }
}

std::string
ReadModelChecksum(const nlohmann::json& model)
{
    const std::string checksum
        = JsonFields::String(JsonFields::Require(model, "checksum", "/model"), "/model/checksum");
    const bool hex = checksum.size() == 8
                     && checksum.find_first_not_of("0123456789abcdef") == std::string::npos;
    if (!hex)
    {
        throw std::invalid_argument("/model/checksum: expected 8 lowercase hex digits, got \""
                                    + checksum + "\"");
    }
    return checksum;
}

template <typename T, typename Read>
std::map<std::string, T>
ReadByMode(const nlohmann::json& document, const std::string& key, Read read)
{
    const std::string pointer = "/" + key;
    const auto& object = JsonFields::Require(document, key, "");
    if (!object.is_object())
    {
        throw std::invalid_argument(pointer + ": expected an object keyed by channel mode, got "
                                    + object.dump());
    }
    std::map<std::string, T> byMode;
    for (const auto& [mode, value] : object.items())
    {
        if (mode.empty())
        {
            throw std::invalid_argument(pointer + ": expected channel mode names, got \"\"");
        }
        byMode.emplace(mode, read(value, JsonFields::Child(pointer, mode)));
    }
    return byMode;
}

} // namespace

const CalibrationTable&
Calibration::ServerTable(const std::string& channelMode) const
{
    const auto found = serverTables.find(channelMode);
    if (found == serverTables.end())
    {
        throw std::invalid_argument("calibration has no server table for channel mode \""
                                    + channelMode + "\" (it has: " + Keys(serverTables) + ")");
    }
    return found->second;
}

const LogisticModel&
Calibration::LearnedModel(const std::string& channelMode) const
{
    const auto found = learnedModels.find(channelMode);
    if (found == learnedModels.end())
    {
        std::string modes;
        for (const auto& [mode, model] : learnedModels)
        {
            modes += (modes.empty() ? "" : ", ") + mode;
        }
        throw std::invalid_argument("calibration has no learned model for channel mode \""
                                    + channelMode
                                    + "\" (it has: " + (modes.empty() ? "none" : modes) + ")");
    }
    return found->second;
}

void
Calibration::CheckModel(const std::string& name, const std::string& checksum) const
{
    if (name != modelName || checksum != modelChecksum)
    {
        throw std::invalid_argument("calibration is for model " + modelName + " (checksum "
                                    + modelChecksum + "), not " + name + " (checksum " + checksum
                                    + ")");
    }
}

void
Calibration::CheckSplit(int segment) const
{
    if (segment != splitAfterSegment)
    {
        throw std::invalid_argument("calibration is for a split after segment "
                                    + std::to_string(splitAfterSegment) + ", not after segment "
                                    + std::to_string(segment));
    }
}

nlohmann::json
Calibration::ToJson() const
{
    nlohmann::json document = {
        { "format", kFormat },
        { "version", kVersion },
        { "model", { { "name", modelName }, { "checksum", modelChecksum } } },
        { "split_after_segment", splitAfterSegment },
        { "early_exit", TableJson(earlyExit, kEarlyMeasure) },
        { "server", nlohmann::json::object() },
        { "learned", nlohmann::json::object() },
    };
    for (const auto& [mode, table] : serverTables)
    {
        document["server"][mode] = TableJson(table, kServerMeasure);
    }
    for (const auto& [mode, model] : learnedModels)
    {
        nlohmann::json value = model.ToJson();
        value["features"] = LearnedTransmission::FeatureNames();
        document["learned"][mode] = value;
    }
    document["checksum"] = ContentChecksum(document);
    return document;
}

Calibration
Calibration::FromJson(const nlohmann::json& document)
{
    CheckEnvelope(document);
    Calibration c;
    const auto& model = JsonFields::Require(document, "model", "");
    c.modelName = JsonFields::String(JsonFields::Require(model, "name", "/model"), "/model/name");
    c.modelChecksum = ReadModelChecksum(model);
    c.splitAfterSegment = int(JsonFields::Integer(
        JsonFields::Require(document, "split_after_segment", ""), "/split_after_segment", 0));
    c.earlyExit
        = ReadTable(JsonFields::Require(document, "early_exit", ""), "/early_exit", kEarlyMeasure);
    c.serverTables
        = ReadByMode<CalibrationTable>(document, "server",
                                       [](const nlohmann::json& value, const std::string& pointer)
                                       { return ReadTable(value, pointer, kServerMeasure); });
    c.learnedModels = ReadByMode<LogisticModel>(document, "learned", ReadLearned);
    return c;
}

std::string
Calibration::ContentChecksum(const nlohmann::json& document)
{
    nlohmann::json content = document;
    content.erase("checksum");
    return Crc32Hex(content.dump());
}

void
Calibration::Save(const std::string& path) const
{
    const std::string temporary = path + ".tmp";
    bool written = false;
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        if (out)
        {
            out << ToJson().dump(2) << '\n';
            written = static_cast<bool>(out.flush());
        }
    }
    if (!written || std::rename(temporary.c_str(), path.c_str()) != 0)
    {
        std::remove(temporary.c_str());
        throw std::runtime_error(path + ": cannot write the calibration file");
    }
}

Calibration
Calibration::Load(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
    {
        throw std::invalid_argument(path + ": cannot read the calibration file");
    }
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    nlohmann::json document;
    try
    {
        // A calibration needs a few levels; nlohmann::json copies and prints recursively, so a
        // file nested thousands of levels deep would overflow the stack later on.
        constexpr int kMaxDepth = 100;
        const auto limit = [&](int depth, nlohmann::json::parse_event_t, nlohmann::json&)
        {
            if (depth > kMaxDepth)
            {
                throw std::invalid_argument(path + ": nested deeper than "
                                            + std::to_string(kMaxDepth) + " levels");
            }
            return true;
        };
        document = nlohmann::json::parse(text, limit);
    }
    catch (const nlohmann::json::parse_error& e)
    {
        // nlohmann's message starts with "[json.exception.parse_error.101] "; keep the rest.
        const std::string what = e.what();
        throw std::invalid_argument(path + ": not a JSON file (" + what.substr(what.find(']') + 2)
                                    + ")");
    }
    try
    {
        return FromJson(document);
    }
    catch (const std::invalid_argument& e)
    {
        throw std::invalid_argument(path + ": " + e.what());
    }
}

} // namespace eesim
