#include "cli/run-folder.h"

#include "base/atomic-file.h"
#include "base/error.h"

#include <filesystem>
#include <fstream>

namespace eesim
{

namespace fs = std::filesystem;

RunFolder::RunFolder(std::string path, bool force)
    : m_path(std::move(path))
{
    std::error_code error;
    if (fs::exists(m_path, error) && !fs::is_directory(m_path, error))
    {
        throw Error(m_path + ": not a folder (the run folder must be a folder)");
    }
    if (fs::is_directory(m_path, error) && !fs::is_empty(m_path, error))
    {
        if (!force)
        {
            throw Error(m_path
                        + ": the run folder is not empty (pass --force to replace its "
                          "results, or --out another folder)");
        }
        if (!fs::exists(fs::path(m_path) / kManifest, error))
        {
            throw Error(m_path + ": the folder is not empty and holds no " + kManifest
                        + " (it is not an eesim run folder); --force replaces only what an "
                          "earlier run wrote: choose another --out");
        }
        RemovePreviousRun();
    }
    fs::create_directories(m_path, error);
    if (error)
    {
        throw Error(m_path + ": cannot create the run folder (" + error.message() + ")",
                    Error::Kind::kRuntime);
    }
    m_before = Names();
}

std::set<std::string>
RunFolder::Names() const
{
    std::set<std::string> names;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(m_path, error))
    {
        names.insert(entry.path().filename().string());
    }
    return names;
}

void
RunFolder::RemovePreviousRun() const
{
    std::ifstream manifest(fs::path(m_path) / kManifest);
    std::string name;
    std::error_code error;
    while (std::getline(manifest, name))
    {
        // Only plain names of this folder: a manifest line can never reach outside it.
        if (name.empty() || name[0] == '#' || name.find('/') != std::string::npos || name == "."
            || name == "..")
        {
            continue;
        }
        fs::remove(fs::path(m_path) / name, error);
    }
    fs::remove(fs::path(m_path) / kManifest, error);
}

void
RunFolder::WriteManifest() const
{
    const std::string path = (fs::path(m_path) / kManifest).string();
    WriteFileAtomically(path, "the run manifest",
                        [this](std::ostream& out)
                        {
                            out << "# Files written by eesim run; eesim run --force replaces "
                                   "these and nothing else.\n";
                            for (const auto& name : Names())
                            {
                                if (m_before.count(name) == 0 && name != kManifest)
                                {
                                    out << name << "\n";
                                }
                            }
                        });
}

} // namespace eesim
