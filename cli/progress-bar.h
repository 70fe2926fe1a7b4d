#ifndef EESIM_CLI_PROGRESS_BAR_H
#define EESIM_CLI_PROGRESS_BAR_H

#include <chrono>
#include <cstdio>
#include <string>

namespace eesim
{

/**
 * A one-line progress bar on stderr, redrawn in place when stderr is a terminal. When it is not
 * (a log file, CI), only Finish() prints, so logs get one line per task instead of thousands.
 */
class ProgressBar
{
  public:
    explicit ProgressBar(std::string label, bool enabled = true);

    /** Redraws at most ~10 times a second; `note` is shown after the counter. */
    void Update(long done, long total, const std::string& note = "");
    /** Prints the final state and a newline. */
    void Finish(const std::string& note);

  private:
    void Draw(long done, long total, const std::string& note, bool final);

    std::string m_label;
    bool m_enabled;
    bool m_interactive;
    std::chrono::steady_clock::time_point m_start;
    std::chrono::steady_clock::time_point m_lastDraw;
    long m_done = 0;
    long m_total = 0;
};

} // namespace eesim

#endif
