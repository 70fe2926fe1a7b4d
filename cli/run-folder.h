#ifndef EESIM_CLI_RUN_FOLDER_H
#define EESIM_CLI_RUN_FOLDER_H

#include <set>
#include <string>

namespace eesim
{

/**
 * The folder a run writes into, and what eesim may delete there. A run records the files it wrote
 * in a manifest (eesim-run.txt); `--force` deletes exactly those files of the previous run and
 * nothing else, so a user's own notes beside the results survive, and a non-empty folder without
 * a manifest (one that eesim did not fill) is never touched.
 */
class RunFolder
{
  public:
    /** The manifest's file name. */
    static constexpr const char* kManifest = "eesim-run.txt";

    /** Makes `path` ready for a run: creates it, or empties it of the previous run's files when
     *  `force` is given. Throws eesim::Error for a non-empty folder without `force`, and for a
     *  non-empty folder without a manifest even with it. */
    RunFolder(std::string path, bool force);

    const std::string& Path() const { return m_path; }
    /** Writes the manifest: every file in the folder now that was not there before the run. */
    void WriteManifest() const;

  private:
    std::set<std::string> Names() const;
    void RemovePreviousRun() const;

    std::string m_path;
    std::set<std::string> m_before; // file names present when the run started
};

} // namespace eesim

#endif
