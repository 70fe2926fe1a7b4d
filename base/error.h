#ifndef EESIM_BASE_ERROR_H
#define EESIM_BASE_ERROR_H

#include <stdexcept>
#include <string>

namespace eesim
{

/**
 * An error the user can act on. Its message is one line that names the file (when there is one)
 * and the problem; the command line prints it as is and exits with 2 for bad input (a missing,
 * malformed or corrupt file, a bad option) or 1 for a failure while running (a file that cannot
 * be written).
 */
class Error : public std::runtime_error
{
  public:
    enum class Kind
    {
        kBadInput,
        kRuntime
    };

    explicit Error(const std::string& message, Kind kind = Kind::kBadInput)
        : std::runtime_error(message)
        , m_kind(kind)
    {
    }

    Kind GetKind() const { return m_kind; }

  private:
    Kind m_kind;
};

} // namespace eesim

#endif
