#ifndef EESIM_TESTS_TEST_SUPPORT_H
#define EESIM_TESTS_TEST_SUPPORT_H

#include <cstdlib>
#include <string>
#include <unistd.h>

namespace eesim::test
{

/** A fresh folder under the system temp dir, removed when the object goes away. */
class TempDir
{
  public:
    TempDir()
    {
        char pattern[] = "/tmp/eesim-test-XXXXXX";
        m_path = mkdtemp(pattern);
    }
    ~TempDir() { std::system(("rm -rf '" + m_path + "'").c_str()); }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::string& Path() const { return m_path; }
    std::string File(const std::string& name) const { return m_path + "/" + name; }

  private:
    std::string m_path;
};

/** Where Debian's dataset-fashion-mnist puts the IDX files. */
inline std::string
FashionMnistDir()
{
    return EESIM_DEFAULT_DATA_DIR;
}

/** The shipped default model. */
inline std::string
ShippedModel()
{
    return std::string(EESIM_SOURCE_DIR) + "/models/fmnist-me4.eem";
}

} // namespace eesim::test

#endif
