#include "nn/npy-file.h"

#include "base/error.h"
#include "base/input-file.h"

#include <algorithm>
#include <cctype>
#include <cstring>

namespace eesim
{

namespace
{

constexpr char kMagic[6] = { '\x93', 'N', 'U', 'M', 'P', 'Y' };
/** NumPy itself refuses headers over 10,000 bytes by default; a longer one is not a data set's. */
constexpr std::size_t kMaxHeaderBytes = 65536;

/** Where the dict parser stands in the header text. */
struct Cursor
{
    const std::string& path;
    const std::string& text;
    std::size_t at = 0;

    [[noreturn]] void Fail(const std::string& what) const
    {
        throw Error(path + ": malformed .npy header (" + what + ")");
    }
    char Peek() const { return at < text.size() ? text[at] : '\0'; }
    void SkipSpace()
    {
        while (at < text.size() && std::isspace(static_cast<unsigned char>(text[at])) != 0)
        {
            ++at;
        }
    }
    void Expect(char c)
    {
        SkipSpace();
        if (Peek() != c)
        {
            Fail(std::string("expected '") + c + "' at byte " + std::to_string(at));
        }
        ++at;
    }
};

std::string
ParseString(Cursor& c)
{
    c.SkipSpace();
    const char quote = c.Peek();
    if (quote != '\'' && quote != '"')
    {
        c.Fail("expected a quoted string at byte " + std::to_string(c.at));
    }
    const auto end = c.text.find(quote, c.at + 1);
    if (end == std::string::npos)
    {
        c.Fail("unterminated string");
    }
    std::string value = c.text.substr(c.at + 1, end - c.at - 1);
    c.at = end + 1;
    return value;
}

bool
ParseBool(Cursor& c)
{
    c.SkipSpace();
    for (const char* word : { "True", "False" })
    {
        if (c.text.compare(c.at, std::strlen(word), word) == 0)
        {
            c.at += std::strlen(word);
            return word[0] == 'T';
        }
    }
    c.Fail("expected True or False at byte " + std::to_string(c.at));
}

/** A tuple of non-negative integers: "(100, 32, 32, 3)", "(5,)" or "()". */
std::vector<std::uint64_t>
ParseShape(Cursor& c)
{
    std::vector<std::uint64_t> shape;
    c.Expect('(');
    while (true)
    {
        c.SkipSpace();
        if (c.Peek() == ')')
        {
            ++c.at;
            return shape;
        }
        std::uint64_t value = 0;
        const std::size_t start = c.at;
        while (std::isdigit(static_cast<unsigned char>(c.Peek())) != 0 && c.at - start < 18)
        {
            value = 10 * value + std::uint64_t(c.Peek() - '0');
            ++c.at;
        }
        if (c.at == start || std::isdigit(static_cast<unsigned char>(c.Peek())) != 0)
        {
            c.Fail("expected a dimension of at most 18 digits at byte " + std::to_string(start));
        }
        c.at += c.Peek() == 'L' ? 1 : 0; // Python 2 wrote long integers as 3L
        shape.push_back(value);
        c.SkipSpace();
        if (c.Peek() == ',')
        {
            ++c.at;
        }
        else if (c.Peek() != ')')
        {
            c.Fail("expected ',' or ')' in the shape at byte " + std::to_string(c.at));
        }
    }
}

/** The header dict: descr, fortran_order and shape, each once. */
void
ParseDict(Cursor& c, NpyArray& array, bool& fortranOrder)
{
    std::vector<std::string> seen;
    c.Expect('{');
    while (true)
    {
        c.SkipSpace();
        if (c.Peek() == '}')
        {
            break;
        }
        const std::string key = ParseString(c);
        c.Expect(':');
        c.SkipSpace();
        if (key == "descr" && c.Peek() == '[')
        {
            c.Fail("a structured dtype; eesim reads plain arrays");
        }
        if (key == "descr")
        {
            array.descr = ParseString(c);
        }
        else if (key == "fortran_order")
        {
            fortranOrder = ParseBool(c);
        }
        else if (key == "shape")
        {
            array.shape = ParseShape(c);
        }
        else
        {
            c.Fail("unknown key '" + key + "'");
        }
        seen.push_back(key);
        c.SkipSpace();
        if (c.Peek() == ',')
        {
            ++c.at;
        }
        else if (c.Peek() != '}')
        {
            c.Fail("expected ',' or '}' at byte " + std::to_string(c.at));
        }
    }
    for (const char* key : { "descr", "fortran_order", "shape" })
    {
        if (std::count(seen.begin(), seen.end(), key) != 1)
        {
            c.Fail(std::string("expected the key '") + key + "' once");
        }
    }
}

/** A one-byte dtype reads the same in any byte order; NumPy writes it as "|u1". */
std::string
Canonical(const std::string& descr)
{
    if (descr.size() == 3 && (descr[0] == '<' || descr[0] == '>' || descr[0] == '=')
        && descr.substr(1) == "u1")
    {
        return "|u1";
    }
    return descr;
}

std::string
Quoted(const std::vector<std::string>& values)
{
    std::string text;
    for (std::size_t i = 0; i < values.size(); ++i)
    {
        text += (i == 0 ? "" : i + 1 == values.size() ? " or " : ", ") + ("'" + values[i] + "'");
    }
    return text;
}

/** Everything but the values, from the file's start and its full size. */
NpyArray
Parse(const std::string& path, const std::string& start, std::uint64_t fileSize,
      const std::vector<std::string>& dtypes)
{
    if (start.size() < 8 || std::memcmp(start.data(), kMagic, sizeof kMagic) != 0)
    {
        throw Error(path + ": not a .npy file (bad magic)");
    }
    const auto major = static_cast<unsigned char>(start[6]);
    const auto minor = static_cast<unsigned char>(start[7]);
    if ((major != 1 && major != 2) || minor != 0)
    {
        throw Error(path + ": unsupported .npy version " + std::to_string(major) + "."
                    + std::to_string(minor) + " (eesim reads 1.0 and 2.0)");
    }
    const std::size_t lengthBytes = major == 1 ? 2 : 4;
    if (start.size() < 8 + lengthBytes)
    {
        throw Error(path + ": truncated .npy file (no header length)");
    }
    std::uint64_t headerBytes = 0;
    for (std::size_t i = 0; i < lengthBytes; ++i)
    {
        headerBytes |= std::uint64_t(static_cast<unsigned char>(start[8 + i])) << (8 * i);
    }
    if (headerBytes > kMaxHeaderBytes)
    {
        throw Error(path + ": .npy header of " + std::to_string(headerBytes)
                    + " bytes, more than the " + std::to_string(kMaxHeaderBytes) + " eesim reads");
    }
    NpyArray array;
    array.dataOffset = 8 + lengthBytes + std::size_t(headerBytes);
    if (start.size() < array.dataOffset)
    {
        throw Error(path + ": truncated .npy file (the header runs past the end)");
    }
    const std::string header = start.substr(8 + lengthBytes, std::size_t(headerBytes));
    Cursor cursor{ path, header };
    bool fortranOrder = false;
    ParseDict(cursor, array, fortranOrder);
    array.descr = Canonical(array.descr);
    if (std::find(dtypes.begin(), dtypes.end(), array.descr) == dtypes.end())
    {
        throw Error(path + ": unsupported dtype '" + array.descr + "' (expected " + Quoted(dtypes)
                    + ")");
    }
    if (fortranOrder)
    {
        throw Error(path
                    + ": Fortran-order array; save it in C order "
                      "(numpy.ascontiguousarray) for eesim");
    }
    std::uint64_t values = 1;
    for (std::uint64_t d : array.shape)
    {
        // Each factor has at most 18 digits and the running product stays under 2^31 before
        // it is multiplied again, so 64 bits never overflow.
        values *= d;
        if (values > kMaxNpyBytes)
        {
            throw Error(path + ": .npy shape declares more than " + std::to_string(kMaxNpyBytes)
                        + " values");
        }
    }
    const std::uint64_t dataBytes = values * array.ItemSize();
    if (fileSize < array.dataOffset + dataBytes)
    {
        throw Error(path + ": truncated .npy file (its header declares " + std::to_string(dataBytes)
                    + " bytes of data, the file holds "
                    + std::to_string(fileSize - array.dataOffset) + ")");
    }
    if (fileSize > array.dataOffset + dataBytes)
    {
        throw Error(path + ": " + std::to_string(fileSize - array.dataOffset - dataBytes)
                    + " bytes after the data its header declares");
    }
    return array;
}

} // namespace

std::size_t
NpyArray::ItemSize() const
{
    return descr.empty() ? 0 : std::size_t(descr.back() - '0');
}

std::uint64_t
NpyArray::Count() const
{
    std::uint64_t count = 1;
    for (std::uint64_t d : shape)
    {
        count *= d;
    }
    return count;
}

NpyArray
ReadNpyFile(const std::string& path, const std::vector<std::string>& dtypes)
{
    std::string bytes = ReadInputFile(path, kMaxNpyBytes, ".npy file");
    NpyArray array = Parse(path, bytes, bytes.size(), dtypes);
    array.bytes = std::move(bytes);
    return array;
}

NpyArray
ReadNpyHeader(const std::string& path, const std::vector<std::string>& dtypes)
{
    const std::uint64_t size = InputFileSize(path);
    if (size > kMaxNpyBytes)
    {
        throw Error(path + ": " + std::to_string(size) + " bytes, more than the "
                    + std::to_string(kMaxNpyBytes) + " a .npy file may have");
    }
    return Parse(path, ReadInputFileStart(path, 12 + kMaxHeaderBytes), size, dtypes);
}

} // namespace eesim
