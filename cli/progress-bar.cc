#include "cli/progress-bar.h"

#include <unistd.h>

namespace eesim
{

ProgressBar::ProgressBar(std::string label, bool enabled)
    : m_label(std::move(label))
    , m_enabled(enabled)
    , m_interactive(enabled && isatty(STDERR_FILENO) == 1)
    , m_start(std::chrono::steady_clock::now())
    , m_lastDraw(m_start)
{
}

void
ProgressBar::Update(long done, long total, const std::string& note)
{
    m_done = done;
    m_total = total;
    const auto now = std::chrono::steady_clock::now();
    if (!m_interactive || now - m_lastDraw < std::chrono::milliseconds(100))
    {
        return;
    }
    m_lastDraw = now;
    Draw(done, total, note, false);
}

void
ProgressBar::Finish(const std::string& note)
{
    if (m_enabled)
    {
        Draw(m_done, m_total, note, true);
    }
}

void
ProgressBar::Draw(long done, long total, const std::string& note, bool final)
{
    constexpr int kWidth = 30;
    const double fraction = total > 0 ? double(done) / double(total) : 1.0;
    const int filled = int(fraction * kWidth);
    std::string bar(std::size_t(filled), '=');
    if (filled < kWidth)
    {
        bar += '>';
        bar += std::string(std::size_t(kWidth - filled - 1), ' ');
    }
    const double elapsed
        = std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
    std::fprintf(stderr, "%s%s [%s] %ld/%ld %5.0fs %s%s", m_interactive ? "\r\033[K" : "",
                 m_label.c_str(), bar.c_str(), done, total, elapsed, note.c_str(),
                 final ? "\n" : "");
    std::fflush(stderr);
}

} // namespace eesim
