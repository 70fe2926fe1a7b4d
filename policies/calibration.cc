#include "policies/calibration.h"

#include "base/atomic-file.h"
#include "base/crc32.h"
#include "base/error.h"
#include "base/json-file.h"
#include "base/json-text.h"
#include "base/key-table.h"
#include "policies/learned-transmission.h"

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

/** Where a document's problems go, each as `FILE: /pointer: problem`. */
struct Problems
{
    const std::string& file;
    std::vector<std::string>& errors;

    void Add(const std::string& pointer, const std::string& problem)
    {
        errors.push_back(file + ": " + pointer + ": " + problem);
    }
    /** Checks `object` against `table`; true when it fits. */
    bool Check(const KeyTable& table, nlohmann::json& object, const std::string& pointer)
    {
        const std::size_t before = errors.size();
        CompleteObject(table, object, "", pointer, file, errors);
        return errors.size() == before;
    }
};

KeySpec
Required(KeySpec key)
{
    key.defaultValue = nullptr;
    return key;
}

/** The document's own keys; the tables and learned models inside have tables of their own. */
const KeyTable&
DocumentKeys()
{
    static const KeyTable keys = {
        keys::Text("format", nullptr, { Calibration::kFormat }, "what the file is"),
        keys::Integer("version", nullptr, Calibration::kVersion, Calibration::kVersion,
                      "format version"),
        keys::Text("checksum", nullptr, {}, "CRC-32 of the rest of the document"),
        keys::Text("model.name", nullptr, {}, "the model the calibration was measured on"),
        keys::Text("model.checksum", nullptr, {}, "that model file's checksum"),
        keys::Integer("split_after_segment", nullptr, 0, 2147483647,
                      "the device runs segments 0 to this one"),
        Required(keys::AnyObject("early_exit", "the early exit's accuracy table")),
        Required(keys::AnyObject("server", "the server's accuracy table per channel mode")),
        Required(keys::AnyObject("learned", "the learned TD's model per channel mode")),
    };
    return keys;
}

/** A table object: its keys and measure, then its shape (the constructor's checks). */
CalibrationTable
ReadTable(nlohmann::json& value, const std::string& pointer, const char* measure,
          Problems& problems)
{
    KeyTable keys = CalibrationTable::JsonKeys();
    keys.push_back(keys::Text("measure", nullptr, { measure }, "what the bins measure"));
    if (problems.Check(keys, value, pointer))
    {
        try
        {
            return CalibrationTable::FromJson(value);
        }
        catch (const std::invalid_argument& e)
        {
            problems.errors.push_back(problems.file + ": " + pointer + "/" + e.what());
        }
    }
    return CalibrationTable();
}

/** A learned model object: its keys, its features (exactly the policy's), then its shape. */
LogisticModel
ReadLearned(nlohmann::json& value, const std::string& pointer, Problems& problems)
{
    KeyTable keys = LogisticModel::JsonKeys();
    keys.push_back(keys::StringList("features", nullptr, "the model's inputs, in order"));
    if (!problems.Check(keys, value, pointer))
    {
        return LogisticModel();
    }
    const nlohmann::json expected = LearnedTransmission::FeatureNames();
    if (value["features"] != expected)
    {
        problems.Add(pointer + "/features",
                     "expected " + expected.dump() + ", got " + value["features"].dump());
        return LogisticModel();
    }
    try
    {
        LogisticModel model = LogisticModel::FromJson(value);
        if (model.FeatureCount() == expected.size())
        {
            return model;
        }
        problems.Add(pointer + "/weights", "expected " + std::to_string(expected.size())
                                               + " values, one per feature, got "
                                               + std::to_string(model.FeatureCount()));
    }
    catch (const std::invalid_argument& e)
    {
        problems.errors.push_back(problems.file + ": " + pointer + "/" + e.what());
    }
    return LogisticModel();
}

/** Format tag, version and checksum: whether this is a calibration file we may read at all. */
void
CheckEnvelope(const nlohmann::json& document, const std::string& file)
{
    if (!document.is_object() || !document.contains("format"))
    {
        throw Error(file + ": not an eesim calibration file (no \"format\" field)");
    }
    const auto& format = document["format"];
    if (format != nlohmann::json(Calibration::kFormat))
    {
        throw Error(file + ": not an eesim calibration file (format is " + DescribeJson(format)
                    + ", expected \"" + Calibration::kFormat + "\")");
    }
    for (const char* key : { "version", "checksum" })
    {
        if (!document.contains(key))
        {
            throw Error(file + ": /" + key + ": missing (required)");
        }
    }
    if (document["version"] != nlohmann::json(Calibration::kVersion))
    {
        throw Error(file + ": calibration format version " + DescribeJson(document["version"])
                    + " is not supported (this eesim reads version "
                    + std::to_string(Calibration::kVersion) + ")");
    }
    const auto& stored = document["checksum"];
    if (!stored.is_string())
    {
        throw Error(file + ": /checksum: expected a string, got " + DescribeJson(stored));
    }
    const std::string computed = Calibration::ContentChecksum(document);
    if (stored != computed)
    {
        throw Error(file + ": checksum mismatch (stored " + stored.get<std::string>()
                    + ", content has " + computed + "): the file was altered or damaged");
    }
}

/** Each member of the object `key` (keyed by channel mode) read by `read`. */
template <typename T, typename Read>
std::map<std::string, T>
ReadByMode(nlohmann::json& document, const std::string& key, Problems& problems, Read read)
{
    std::map<std::string, T> byMode;
    nlohmann::json& object = document[key];
    if (!object.is_object())
    {
        return byMode; // the document's table has said so
    }
    for (auto& [mode, value] : object.items())
    {
        const std::string pointer = "/" + key + "/" + EscapePointer(mode);
        if (mode.empty())
        {
            problems.Add(pointer, "expected a channel mode name, got \"\"");
        }
        else if (!value.is_object())
        {
            problems.Add(pointer, "expected an object, got " + DescribeJson(value));
        }
        else
        {
            byMode.emplace(mode, read(value, pointer, problems));
        }
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
Calibration::FromJson(const nlohmann::json& document, const std::string& file)
{
    CheckEnvelope(document, file);
    nlohmann::json d = document;
    std::vector<std::string> errors;
    Problems problems{ file, errors };
    problems.Check(DocumentKeys(), d, "");
    const nlohmann::json& model = d["model"];
    const nlohmann::json checksum
        = model.is_object() ? model.value("checksum", nlohmann::json()) : nlohmann::json();
    if (checksum.is_string()
        && (checksum.get<std::string>().size() != 8
            || checksum.get<std::string>().find_first_not_of("0123456789abcdef")
                   != std::string::npos))
    {
        problems.Add("/model/checksum",
                     "expected 8 lowercase hex digits, got " + DescribeJson(checksum));
    }
    Calibration c;
    if (d["early_exit"].is_object())
    {
        c.earlyExit = ReadTable(d["early_exit"], "/early_exit", kEarlyMeasure, problems);
    }
    c.serverTables = ReadByMode<CalibrationTable>(
        d, "server", problems,
        [](nlohmann::json& value, const std::string& pointer, Problems& p)
        { return ReadTable(value, pointer, kServerMeasure, p); });
    c.learnedModels = ReadByMode<LogisticModel>(d, "learned", problems, ReadLearned);
    if (!errors.empty())
    {
        std::string all;
        for (const auto& error : errors)
        {
            all += (all.empty() ? "" : "\n") + error;
        }
        throw Error(all);
    }
    c.modelName = model["name"];
    c.modelChecksum = checksum;
    c.splitAfterSegment = d["split_after_segment"];
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
    WriteFileAtomically(path, "the calibration file",
                        [&](std::ostream& out) { out << ToJson().dump(2) << '\n'; });
}

Calibration
Calibration::Load(const std::string& path)
{
    return FromJson(ParseJsonFile(path), path);
}

} // namespace eesim
