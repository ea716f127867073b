#include "data/file_source.h"

#include "core/gzip.h"
#include "core/memory_budget.h"

#include "cnnwb/engine/core/error.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>
#include <map>

namespace cnnwb::engine {
namespace {

namespace fs = std::filesystem;

// Closes the descriptor on every path out, the error ones included.
struct Descriptor {
    int fd;
    ~Descriptor()
    {
        if (fd >= 0)
            ::close(fd);
    }
};

Error cannot(const char* what, const fs::path& path)
{
    return {ErrorCode::Io, std::string(what) + ": " + std::strerror(errno), {path.string()}};
}

class DiskFiles final : public FileSource {
public:
    Kind kind(const fs::path& path) const override
    {
        std::error_code ec;
        const fs::file_status status = fs::status(path, ec);
        if (fs::is_directory(status))
            return Kind::Folder;
        return fs::is_regular_file(status) ? Kind::File : Kind::Missing;
    }

    std::vector<Entry> list(const fs::path& folder) const override
    {
        std::error_code ec;
        std::vector<Entry> entries;
        for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
            std::error_code kindError;
            const fs::file_status status = it->status(kindError); // follows links; a dangling one is neither
            entries.push_back({it->path().filename().string(),
                fs::is_directory(status) ? Kind::Folder : (fs::is_regular_file(status) ? Kind::File : Kind::Missing)});
        }
        if (ec)
            throw Error(ErrorCode::Io, "cannot list the folder: " + ec.message(), {folder.string()});
        return entries;
    }

    std::optional<std::uint64_t> size(const fs::path& file) const override
    {
        std::error_code ec;
        if (!fs::is_regular_file(file, ec))
            return std::nullopt;
        const std::uintmax_t bytes = fs::file_size(file, ec);
        return ec ? std::nullopt : std::optional<std::uint64_t>(bytes);
    }

    std::vector<std::uint8_t> read(const fs::path& file, std::size_t maxBytes) const override
    {
        const Descriptor in{::open(file.c_str(), O_RDONLY | O_CLOEXEC)};
        if (in.fd < 0)
            throw cannot("cannot open", file);
        struct stat s { };
        if (::fstat(in.fd, &s) != 0)
            throw cannot("cannot read", file);
        // A folder opens like a file on Linux; as a size its st_size is meaningless.
        if (S_ISDIR(s.st_mode))
            throw Error(ErrorCode::Io, "is a folder, not a file", {file.string()});
        if (!S_ISREG(s.st_mode))
            throw Error(ErrorCode::Io, "cannot read: not a regular file", {file.string()});
        std::vector<std::uint8_t> bytes(std::min(static_cast<std::size_t>(s.st_size), maxBytes));
        std::size_t done = 0;
        while (done < bytes.size()) {
            const ssize_t got = ::read(in.fd, bytes.data() + done, bytes.size() - done);
            if (got < 0 && errno == EINTR)
                continue;
            if (got < 0)
                throw cannot("read failed", file);
            if (got == 0)
                break; // shrank while being read
            done += static_cast<std::size_t>(got);
        }
        bytes.resize(done);
        return bytes;
    }

    std::string folderKey(const fs::path& folder) const override
    {
        struct stat s { };
        if (::stat(folder.c_str(), &s) != 0)
            return folder.string();
        return std::to_string(s.st_dev) + ':' + std::to_string(s.st_ino);
    }

    bool onDisk() const noexcept override { return true; }
};

// A name a walk may enter: an in-memory path like "a//b" or "a/../b" names nothing.
bool isPlainName(const std::string& name)
{
    return !name.empty() && name != "." && name != "..";
}

void refuseOversize(std::size_t size, std::optional<std::size_t> expectedBytes, const fs::path& file)
{
    if (expectedBytes) {
        if (size > *expectedBytes)
            throw Error(ErrorCode::InvalidData,
                "holds more than the " + std::to_string(*expectedBytes) + " bytes its header declares",
                {file.string()});
        return;
    }
    checkMemoryBudget(static_cast<std::int64_t>(size), "reading the file", ErrorCode::InvalidData, {file.string()});
}

bool isGzip(const fs::path& file)
{
    return file.extension() == ".gz";
}

std::vector<std::uint8_t> compressedBytes(const FileSource& files, const fs::path& file)
{
    const std::optional<std::uint64_t> size = files.size(file);
    if (size)
        checkMemoryBudget(
            static_cast<std::int64_t>(*size), "reading the file", ErrorCode::InvalidData, {file.string()});
    return files.read(file, std::numeric_limits<std::size_t>::max());
}

} // namespace

const FileSource& diskFiles()
{
    static const DiskFiles files;
    return files;
}

MemoryFiles::MemoryFiles(const InMemoryFolder& folder)
    : m_folder(folder)
{
}

std::optional<std::string> MemoryFiles::relative(const fs::path& path) const
{
    // The readers ask for root/name paths by the dozen per load: those are cut, not normalised.
    const std::string& text = path.native();
    const std::string& top = m_folder.name;
    if (text == top)
        return std::string();
    if (text.size() > top.size() + 1 && text.starts_with(top) && text[top.size()] == '/') {
        std::string rest = text.substr(top.size() + 1);
        if (rest.front() != '.' && rest.back() != '/' && rest.find("/.") == std::string::npos
            && rest.find("//") == std::string::npos)
            return rest;
    }
    const fs::path below = path.lexically_normal().lexically_relative(root());
    std::string normal = below.generic_string();
    if (normal == ".")
        return std::string();
    if (normal.empty() || normal.starts_with(".."))
        return std::nullopt;
    return normal;
}

FileSource::Kind MemoryFiles::kind(const fs::path& path) const
{
    const std::optional<std::string> rel = relative(path);
    if (!rel)
        return Kind::Missing;
    if (rel->empty())
        return Kind::Folder;
    const std::string prefix = *rel + '/';
    if (const auto it = m_folder.files.lower_bound(prefix); it != m_folder.files.end() && it->first.starts_with(prefix))
        return Kind::Folder;
    return m_folder.files.contains(*rel) ? Kind::File : Kind::Missing;
}

std::vector<FileSource::Entry> MemoryFiles::list(const fs::path& folder) const
{
    if (kind(folder) != Kind::Folder)
        throw Error(ErrorCode::Io, "cannot list the folder: No such file or directory", {folder.string()});
    const std::string rel = *relative(folder);
    const std::string prefix = rel.empty() ? std::string() : rel + '/';
    std::map<std::string, Kind> children; // a name that is a file and a folder is a folder
    for (auto it = m_folder.files.lower_bound(prefix); it != m_folder.files.end() && it->first.starts_with(prefix);
         ++it) {
        const std::string rest = it->first.substr(prefix.size());
        const std::size_t slash = rest.find('/');
        const std::string name = rest.substr(0, slash);
        if (!isPlainName(name))
            continue;
        Kind& kind = children.try_emplace(name, Kind::File).first->second;
        if (slash != std::string::npos)
            kind = Kind::Folder;
    }
    std::vector<Entry> entries;
    for (const auto& [name, kind] : children)
        entries.push_back({name, kind});
    return entries;
}

std::optional<std::uint64_t> MemoryFiles::size(const fs::path& file) const
{
    if (kind(file) != Kind::File)
        return std::nullopt;
    return m_folder.files.at(*relative(file)).size();
}

std::vector<std::uint8_t> MemoryFiles::read(const fs::path& file, std::size_t maxBytes) const
{
    const Kind found = kind(file);
    if (found == Kind::Folder)
        throw Error(ErrorCode::Io, "is a folder, not a file", {file.string()});
    if (found == Kind::Missing)
        throw Error(ErrorCode::Io, "cannot open: No such file or directory", {file.string()});
    const std::vector<std::uint8_t>& bytes = m_folder.files.at(*relative(file));
    return {bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(std::min(bytes.size(), maxBytes))};
}

std::string MemoryFiles::folderKey(const fs::path& folder) const
{
    return relative(folder).value_or(folder.string());
}

std::vector<std::uint8_t> readWholeFile(
    const FileSource& files, const fs::path& file, std::optional<std::size_t> expectedBytes)
{
    if (!isGzip(file)) {
        const std::optional<std::uint64_t> size = files.size(file);
        if (size)
            refuseOversize(static_cast<std::size_t>(*size), expectedBytes, file);
        return files.read(file, std::numeric_limits<std::size_t>::max());
    }
    const std::vector<std::uint8_t> compressed = compressedBytes(files, file);
    // Without a declared size the stream may inflate as far as the budget, and no further.
    const std::size_t limit = expectedBytes.value_or(static_cast<std::size_t>(memoryBudgetBytes()));
    Inflated inflated = gunzip(compressed, limit, file.string());
    if (inflated.overLimit)
        refuseOversize(limit + 1, expectedBytes, file);
    // A truncated download must not pass as a shorter file.
    if (!inflated.complete)
        throw Error(ErrorCode::InvalidData, "gzip stream is truncated or corrupt", {file.string()});
    return std::move(inflated.bytes);
}

std::vector<std::uint8_t> readFileHead(const FileSource& files, const fs::path& file, std::size_t count)
{
    if (!isGzip(file))
        return files.read(file, count);
    // A header's bytes sit near the start of the deflate stream: a few KiB of it are read, more
    // only when they inflate to less than the header (a gzip header with a long name or comment).
    const std::size_t fileSize = files.size(file).value_or(0);
    for (std::size_t prefix = std::size_t{4} << 10;; prefix *= 4) {
        const std::vector<std::uint8_t> start = files.read(file, prefix);
        Inflated head = gunzip(start, count, file.string());
        if (head.bytes.size() == count || head.complete || prefix >= fileSize)
            return std::move(head.bytes);
    }
}

} // namespace cnnwb::engine
