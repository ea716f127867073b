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
#include <string_view>

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
bool isPlainName(std::string_view name)
{
    return !name.empty() && name != "." && name != "..";
}

// Plain names joined by single slashes: already what normalParts() would make of the path.
bool isPlainPath(std::string_view path)
{
    for (std::size_t at = 0; at <= path.size();) {
        const std::size_t end = std::min(path.find('/', at), path.size());
        if (!isPlainName(path.substr(at, end - at)))
            return false;
        at = end + 1;
    }
    return true;
}

// Whether `key` spells a path below `folder`, as text: "folder/…".
bool isBelow(std::string_view key, std::string_view folder)
{
    return key.size() > folder.size() && key.starts_with(folder) && key[folder.size()] == '/';
}

// `folder` + "/" as a key of the in-memory map, compared without being built: the first key in
// a folder is found without an allocation (lower_bound asks only `key < prefix`).
struct FolderPrefix {
    std::string_view folder;
};

int compareWithPrefix(std::string_view key, FolderPrefix prefix)
{
    const std::string_view folder = prefix.folder;
    const std::size_t common = std::min(key.size(), folder.size());
    if (const int order = key.substr(0, common).compare(folder.substr(0, common)); order != 0)
        return order;
    if (key.size() <= folder.size())
        return -1; // key is a prefix of the folder's name, or the name itself: before its "/"
    const auto next = static_cast<unsigned char>(key[folder.size()]);
    if (next != '/')
        return next < '/' ? -1 : 1;
    return key.size() == folder.size() + 1 ? 0 : 1;
}

bool operator<(const std::string& key, FolderPrefix prefix)
{
    return compareWithPrefix(key, prefix) < 0;
}

// The components of a path with "." and "name/.." resolved as lexically_normal resolves them, a
// leading "/" kept as one: without its allocations, which the readers' hundreds of questions about
// paths per load (and a fuzzer's millions) would otherwise spend most of their time in.
std::vector<std::string_view> normalParts(std::string_view text)
{
    std::vector<std::string_view> parts;
    parts.reserve(16);
    if (text.starts_with('/'))
        parts.emplace_back("/");
    for (std::size_t at = 0; at <= text.size();) {
        const std::size_t end = std::min(text.find('/', at), text.size());
        const std::string_view part = text.substr(at, end - at);
        at = end + 1;
        if (part.empty() || part == ".")
            continue;
        if (part == ".." && !parts.empty() && parts.back() != "..") {
            if (parts.back() != "/")
                parts.pop_back();
            continue;
        }
        parts.push_back(part);
    }
    return parts;
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
    , m_rootParts(normalParts(folder.name))
    , m_plainRoot(isPlainPath(folder.name))
{
}

std::optional<std::string_view> MemoryFiles::relative(std::string_view path, std::string& scratch) const
{
    // The readers build every path from the root and listed names, so the first branch is the
    // one taken: no copy, no allocation.
    if (m_plainRoot) {
        const std::string_view root = m_folder.name;
        if (path == root)
            return std::string_view{};
        if (isBelow(path, root)) {
            if (const std::string_view rest = path.substr(root.size() + 1); isPlainPath(rest))
                return rest;
        } else if (isPlainPath(path)) {
            return std::nullopt;
        }
    }
    const std::vector<std::string_view> parts = normalParts(path);
    if (parts.size() < m_rootParts.size() || !std::equal(m_rootParts.begin(), m_rootParts.end(), parts.begin()))
        return std::nullopt;
    scratch.clear();
    for (std::size_t i = m_rootParts.size(); i < parts.size(); ++i) {
        if (parts[i] == ".." || parts[i] == "/")
            return std::nullopt; // above or beside an unnamed root
        if (!scratch.empty())
            scratch += '/';
        scratch += parts[i];
    }
    return std::string_view(scratch);
}

MemoryFiles::Lookup MemoryFiles::lookup(const fs::path& path, std::string& scratch) const
{
    const std::optional<std::string_view> key = relative(path.native(), scratch);
    if (!key)
        return {Kind::Missing, {}, nullptr};
    if (key->empty())
        return {Kind::Folder, {}, nullptr};
    // A folder is the prefix of a key: "a/" sorts after "a-b" and "a.png", so it is looked up itself.
    const auto below = m_folder.files.lower_bound(FolderPrefix{*key});
    if (below != m_folder.files.end() && isBelow(below->first, *key))
        return {Kind::Folder, *key, nullptr};
    // As on disk, "name/" is a folder or nothing.
    const auto file = path.native().ends_with('/') ? m_folder.files.end() : m_folder.files.find(*key);
    if (file == m_folder.files.end())
        return {Kind::Missing, *key, nullptr};
    return {Kind::File, *key, &file->second};
}

FileSource::Kind MemoryFiles::kind(const fs::path& path) const
{
    std::string scratch;
    return lookup(path, scratch).kind;
}

std::vector<FileSource::Entry> MemoryFiles::list(const fs::path& folder) const
{
    std::string scratch;
    const Lookup found = lookup(folder, scratch);
    if (found.kind != Kind::Folder)
        throw Error(ErrorCode::Io, "cannot list the folder: No such file or directory", {folder.string()});
    const bool atRoot = found.key.empty();
    const std::size_t skip = atRoot ? 0 : found.key.size() + 1;
    std::vector<Entry> entries;
    for (auto it = atRoot ? m_folder.files.begin() : m_folder.files.lower_bound(FolderPrefix{found.key});
         it != m_folder.files.end() && (atRoot || isBelow(it->first, found.key)); ++it) {
        const std::string_view rest = std::string_view(it->first).substr(skip);
        const std::size_t slash = rest.find('/');
        const std::string_view name = rest.substr(0, slash);
        if (!isPlainName(name))
            continue;
        const Kind kind = slash == std::string_view::npos ? Kind::File : Kind::Folder;
        // The files of one child folder are neighbours in the map: one entry for them all.
        if (!entries.empty() && entries.back().name == name) {
            if (kind == Kind::Folder)
                entries.back().kind = Kind::Folder;
            continue;
        }
        entries.push_back({std::string(name), kind});
    }
    // "a" and "a/x" are not neighbours ("a-b" sorts between): a name that is a file and a folder
    // is a folder.
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
        return a.name != b.name ? a.name < b.name : a.kind == Kind::Folder && b.kind != Kind::Folder;
    });
    entries.erase(
        std::unique(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.name == b.name; }),
        entries.end());
    return entries;
}

std::optional<std::uint64_t> MemoryFiles::size(const fs::path& file) const
{
    std::string scratch;
    const Lookup found = lookup(file, scratch);
    return found.bytes ? std::optional<std::uint64_t>(found.bytes->size()) : std::nullopt;
}

std::vector<std::uint8_t> MemoryFiles::read(const fs::path& file, std::size_t maxBytes) const
{
    std::string scratch;
    const Lookup found = lookup(file, scratch);
    if (found.kind == Kind::Folder)
        throw Error(ErrorCode::Io, "is a folder, not a file", {file.string()});
    if (found.kind == Kind::Missing)
        throw Error(ErrorCode::Io, "cannot open: No such file or directory", {file.string()});
    const std::vector<std::uint8_t>& bytes = *found.bytes;
    return {bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(std::min(bytes.size(), maxBytes))};
}

std::string MemoryFiles::folderKey(const fs::path& folder) const
{
    std::string scratch;
    const std::optional<std::string_view> key = relative(folder.native(), scratch);
    return key ? std::string(*key) : folder.string();
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
