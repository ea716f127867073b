#include "core/binary_file.h"

#include "core/memory_budget.h"

#include "cnnwb/engine/core/error.h"

#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

namespace cnnwb::engine {
namespace {

// The most a file may hold: what its header declares, else the memory budget.
struct SizeLimit {
    std::size_t bytes;
    bool declared;

    void check(std::size_t size, const std::filesystem::path& path) const
    {
        if (size <= bytes)
            return;
        if (declared)
            throw Error(ErrorCode::InvalidData,
                "holds more than the " + std::to_string(bytes) + " bytes its header declares", {path.string()});
        checkMemoryBudget(static_cast<std::int64_t>(size), "reading the file", ErrorCode::InvalidData, {path.string()});
    }
};

std::vector<std::uint8_t> readPlain(const std::filesystem::path& path, const SizeLimit& limit)
{
    // A folder opens like a file on Linux, and seeking to its end gives a meaningless offset (ext4:
    // the largest directory hash): as a size it was a std::bad_alloc instead of an error naming it.
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw Error(ErrorCode::Io, "is a folder, not a file", {path.string()});
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(ErrorCode::Io, std::string("cannot open: ") + std::strerror(errno), {path.string()});
    in.seekg(0, std::ios::end);
    const std::streamoff end = in.tellg();
    if (end < 0)
        throw Error(ErrorCode::Io, "cannot read: not a regular file", {path.string()});
    const auto size = static_cast<std::size_t>(end);
    limit.check(size, path);
    in.seekg(0);
    std::vector<std::uint8_t> bytes(size);
    if (size > 0 && !in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size)))
        throw Error(ErrorCode::Io, "read failed", {path.string()});
    return bytes;
}

std::vector<std::uint8_t> readGzip(const std::filesystem::path& path, const SizeLimit& limit)
{
    gzFile file = gzopen(path.c_str(), "rb");
    if (file == nullptr)
        throw Error(ErrorCode::Io, std::string("cannot open: ") + std::strerror(errno), {path.string()});
    gzbuffer(file, 1 << 20);
    std::vector<std::uint8_t> bytes;
    std::vector<std::uint8_t> chunk(1 << 20);
    for (;;) {
        const int got = gzread(file, chunk.data(), static_cast<unsigned>(chunk.size()));
        if (got < 0) {
            int code = 0;
            std::string why = gzerror(file, &code);
            gzclose(file);
            throw Error(ErrorCode::InvalidData, "not a valid gzip file (" + why + ")", {path.string()});
        }
        if (got == 0)
            break;
        try {
            limit.check(bytes.size() + static_cast<std::size_t>(got), path);
        } catch (const Error&) {
            gzclose(file);
            throw;
        }
        bytes.insert(bytes.end(), chunk.begin(), chunk.begin() + got);
    }
    // zlib reports a stream cut short only at close (Z_BUF_ERROR); a truncated download must not
    // pass as a shorter file.
    const int closed = gzclose(file);
    if (closed != Z_OK)
        throw Error(ErrorCode::InvalidData, "gzip stream is truncated or corrupt", {path.string()});
    return bytes;
}

} // namespace

std::string readTextFile(const std::filesystem::path& path, const std::string& what)
{
    std::ifstream in(path);
    if (!in)
        throw Error(ErrorCode::Io, "cannot open " + what + ": " + std::strerror(errno), {path.string()});
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<std::uint8_t> readFileHead(const std::filesystem::path& path, std::size_t count)
{
    std::vector<std::uint8_t> bytes(count);
    if (path.extension() == ".gz") {
        gzFile file = gzopen(path.c_str(), "rb");
        if (file == nullptr)
            throw Error(ErrorCode::Io, std::string("cannot open: ") + std::strerror(errno), {path.string()});
        const int got = gzread(file, bytes.data(), static_cast<unsigned>(count));
        gzclose(file);
        if (got < 0)
            throw Error(ErrorCode::InvalidData, "not a valid gzip file", {path.string()});
        bytes.resize(static_cast<std::size_t>(got));
        return bytes;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(ErrorCode::Io, std::string("cannot open: ") + std::strerror(errno), {path.string()});
    in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(count));
    bytes.resize(static_cast<std::size_t>(in.gcount()));
    return bytes;
}

std::vector<std::uint8_t> readBinaryFile(const std::filesystem::path& path, std::optional<std::size_t> expectedBytes)
{
    const SizeLimit limit = expectedBytes ? SizeLimit{*expectedBytes, true}
                                          : SizeLimit{static_cast<std::size_t>(memoryBudgetBytes()), false};
    if (path.extension() == ".gz")
        return readGzip(path, limit);
    return readPlain(path, limit);
}

} // namespace cnnwb::engine
