#include "data/image_cache.h"

#include "core/atomic_file.h"

#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/core/log.h"
#include "cnnwb/engine/core/logging.h"
#include "cnnwb/engine/core/number_text.h"
#include "cnnwb/engine/core/paths.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <new>
#include <span>
#include <string_view>

namespace cnnwb::engine {
namespace {

namespace fs = std::filesystem;

constexpr char kMagic[8] = {'C', 'N', 'N', 'W', 'B', 'U', '8', '\0'};
constexpr std::uint32_t kVersion = 2; // 2: the resize policy in the header and the name
/// Magic, version and the header's total size: enough to know how much more header to read.
constexpr std::size_t kFixedHeaderBytes = 8 + 4 + 8;
/// A header holds a path and class names; anything larger is not one of ours.
constexpr std::uint64_t kMaxHeaderBytes = std::uint64_t{64} << 20;
/// The checksum is taken per block so the reader can hash each block while it is in the CPU cache.
constexpr std::size_t kChecksumBlock = std::size_t{4} << 20;

// --- hashing ------------------------------------------------------------------------------------

constexpr std::uint64_t kFnvOffset = 0xcbf29ce484222325ULL;
constexpr std::uint64_t kFnvPrime = 0x100000001b3ULL;

/// 64-bit FNV-1a: used for the small inputs (a path, the listing signature).
std::uint64_t fnv1a(std::string_view bytes)
{
    std::uint64_t hash = kFnvOffset;
    for (const char c : bytes) {
        hash ^= static_cast<unsigned char>(c);
        hash *= kFnvPrime;
    }
    return hash;
}

constexpr std::uint64_t kPrime1 = 0x9E3779B185EBCA87ULL;
constexpr std::uint64_t kPrime2 = 0xC2B2AE3D27D4EB4FULL;
constexpr std::uint64_t kPrime3 = 0x165667B19E3779F9ULL;

std::uint64_t load64(const std::uint8_t* p)
{
    std::uint64_t value = 0;
    std::memcpy(&value, p, sizeof value);
    if constexpr (std::endian::native == std::endian::big)
        value = __builtin_bswap64(value);
    return value;
}

std::uint64_t mixLane(std::uint64_t acc, std::uint64_t lane)
{
    return std::rotl(acc + lane * kPrime2, 31) * kPrime1;
}

std::uint64_t avalanche(std::uint64_t hash)
{
    hash ^= hash >> 33;
    hash *= kPrime2;
    hash ^= hash >> 29;
    hash *= kPrime3;
    hash ^= hash >> 32;
    return hash;
}

/// An xxHash64-style hash of one block. Four independent lanes keep it near memory speed; FNV's
/// byte-at-a-time loop would add a good fraction of a second to reading a 180 MB cache.
std::uint64_t blockHash(std::span<const std::uint8_t> block)
{
    std::uint64_t lanes[4] = {kPrime1 + kPrime2, kPrime2, 0, 0 - kPrime1};
    const std::uint8_t* p = block.data();
    std::size_t left = block.size();
    for (; left >= 32; p += 32, left -= 32)
        for (int i = 0; i < 4; ++i)
            lanes[i] = mixLane(lanes[i], load64(p + 8 * i));
    std::uint64_t hash = std::rotl(lanes[0], 1) + std::rotl(lanes[1], 7) + std::rotl(lanes[2], 12)
        + std::rotl(lanes[3], 18) + block.size();
    for (; left >= 8; p += 8, left -= 8)
        hash = std::rotl(hash ^ mixLane(0, load64(p)), 27) * kPrime1 + kPrime3;
    for (; left > 0; ++p, --left)
        hash = std::rotl(hash ^ (std::uint64_t{*p} * kPrime3), 11) * kPrime1;
    return avalanche(hash);
}

/// Adds one section of the file to the running checksum, block by block from the section's start.
std::uint64_t addToChecksum(std::uint64_t sum, std::span<const std::uint8_t> section)
{
    for (std::size_t at = 0; at < section.size(); at += kChecksumBlock)
        sum = avalanche(sum * kPrime1 + blockHash(section.subspan(at, std::min(kChecksumBlock, section.size() - at))));
    return sum;
}

template <typename T> std::span<const std::uint8_t> bytesOf(const std::vector<T>& values)
{
    return {reinterpret_cast<const std::uint8_t*>(values.data()), values.size() * sizeof(T)};
}

template <typename T> std::span<std::uint8_t> bytesOf(std::vector<T>& values)
{
    return {reinterpret_cast<std::uint8_t*>(values.data()), values.size() * sizeof(T)};
}

// --- little-endian fields -----------------------------------------------------------------------

void putU32(std::string& out, std::uint32_t value)
{
    for (int i = 0; i < 4; ++i)
        out.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
}

void putU64(std::string& out, std::uint64_t value)
{
    for (int i = 0; i < 8; ++i)
        out.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
}

void putText(std::string& out, std::string_view text)
{
    putU32(out, static_cast<std::uint32_t>(text.size()));
    out.append(text);
}

// The decoded arrays' shape and class names, as both the signature and the file header hold them.
void putShapeAndClasses(std::string& out, const ImageShape& shape, const std::vector<std::string>& classNames)
{
    putU32(out, static_cast<std::uint32_t>(shape.channels));
    putU32(out, static_cast<std::uint32_t>(shape.height));
    putU32(out, static_cast<std::uint32_t>(shape.width));
    putU32(out, static_cast<std::uint32_t>(classNames.size()));
    for (const std::string& name : classNames)
        putText(out, name);
}

std::uint64_t getLittleEndian(const std::uint8_t* p, int bytes)
{
    std::uint64_t value = 0;
    for (int i = 0; i < bytes; ++i)
        value |= std::uint64_t{p[i]} << (8 * i);
    return value;
}

// Each take* consumes one field from the front of `rest`; false when the header ends too soon.
bool takeU64(std::span<const std::uint8_t>& rest, std::uint64_t& value, int bytes = 8)
{
    if (rest.size() < static_cast<std::size_t>(bytes))
        return false;
    value = getLittleEndian(rest.data(), bytes);
    rest = rest.subspan(static_cast<std::size_t>(bytes));
    return true;
}

bool takeText(std::span<const std::uint8_t>& rest, std::string& text)
{
    std::uint64_t size = 0;
    if (!takeU64(rest, size, 4) || rest.size() < size)
        return false;
    text.assign(reinterpret_cast<const char*>(rest.data()), static_cast<std::size_t>(size));
    rest = rest.subspan(static_cast<std::size_t>(size));
    return true;
}

// --- file access --------------------------------------------------------------------------------

bool readExact(int fd, std::span<std::uint8_t> out)
{
    std::size_t done = 0;
    while (done < out.size()) {
        const ssize_t got = ::read(fd, out.data() + done, out.size() - done);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return false;
        done += static_cast<std::size_t>(got);
    }
    return true;
}

/// Reads one section straight into its final place, adding each block to the checksum.
bool readSection(int fd, std::span<std::uint8_t> out, std::uint64_t& sum)
{
    for (std::size_t at = 0; at < out.size(); at += kChecksumBlock) {
        const std::span<std::uint8_t> block = out.subspan(at, std::min(kChecksumBlock, out.size() - at));
        if (!readExact(fd, block))
            return false;
        sum = addToChecksum(sum, block);
    }
    return true;
}

/// Labels are stored little-endian; the same byte swap converts to and from it on a big-endian host.
void swapLabelsOnBigEndian(std::vector<std::int64_t>& labels)
{
    if constexpr (std::endian::native == std::endian::big)
        for (auto& label : labels)
            label = static_cast<std::int64_t>(__builtin_bswap64(static_cast<std::uint64_t>(label)));
}

std::string hex16(std::uint64_t value)
{
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string text(16, '0');
    for (int i = 15; i >= 0; --i, value >>= 4)
        text[static_cast<std::size_t>(i)] = kDigits[value & 0xF];
    return text;
}

} // namespace

std::filesystem::path userCacheDir()
{
    if (const char* dir = std::getenv("CNNWB_CACHE_DIR"); dir != nullptr && *dir != '\0')
        return dir;
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && *xdg != '\0')
        return fs::path(xdg) / "cnn-workbench";
    if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0')
        return fs::path(home) / ".cache" / "cnn-workbench";
    std::error_code ec;
    const fs::path temporary = fs::temp_directory_path(ec);
    return (ec ? fs::path("/tmp") : temporary) / "cnn-workbench";
}

ImageCache::ImageCache(const fs::path& root, const DatasetInfo& info, const std::vector<LabelledFile>& train,
    const std::vector<LabelledFile>& test)
    : m_shape(info.shape)
    , m_resize(resizePolicyName(info.options.resize))
    , m_classNames(info.classNames)
    , m_trainCount(static_cast<std::int64_t>(train.size()))
    , m_testCount(static_cast<std::int64_t>(test.size()))
{
    std::error_code ec;
    fs::path canonical = fs::canonical(root, ec);
    if (ec)
        canonical = fs::absolute(root, ec).lexically_normal();
    m_root = canonical.string();
    // One file per folder and size: going back to a size tried before reads it again, undecoded.
    m_file
        = userCacheDir() / "datasets" / (hex16(fnv1a(m_root)) + "-" + m_shape.toString() + "-" + m_resize + ".u8cache");

    // Everything the decoded arrays depend on, as bytes: hashing one string keeps the signature's
    // definition in one place. Sizes and nanosecond mtimes stand in for the contents, as make's do.
    std::string listing;
    listing.reserve((train.size() + test.size()) * 64 + 256);
    putU32(listing, kVersion);
    putShapeAndClasses(listing, m_shape, m_classNames);
    const std::string_view rootText = root.native();
    // Each file is stat'ed relative to its folder, opened once per folder: resolving every full
    // path again was most of the cost of signing 60,000 files.
    int folderFd = -1;
    std::string_view folder;
    bool complete = true;
    for (const std::vector<LabelledFile>* split : {&train, &test}) {
        putU64(listing, split->size());
        for (const LabelledFile& sample : *split) {
            const std::string_view path = sample.file.native();
            const std::size_t slash = path.rfind('/');
            const std::string_view parent
                = slash == std::string_view::npos ? "." : path.substr(0, std::max<std::size_t>(slash, 1));
            // The name is the path's tail, so it is NUL-terminated where the path is.
            const char* name = slash == std::string_view::npos ? path.data() : path.data() + slash + 1;
            if (folderFd < 0 || parent != folder) {
                if (folderFd >= 0)
                    ::close(folderFd);
                folder = parent;
                folderFd = ::open(std::string(parent).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            }
            struct stat status = {};
            if (folderFd < 0 || ::fstatat(folderFd, name, &status, 0) != 0) {
                complete = false; // gone since the listing: decoding will name it
                break;
            }
            std::string_view relative = path;
            if (relative.starts_with(rootText))
                relative.remove_prefix(rootText.size());
            putText(listing, relative);
            putU64(listing, static_cast<std::uint64_t>(status.st_size));
            putU64(listing,
                static_cast<std::uint64_t>(status.st_mtim.tv_sec) * 1'000'000'000ULL
                    + static_cast<std::uint64_t>(status.st_mtim.tv_nsec));
            putU64(listing, static_cast<std::uint64_t>(sample.label));
        }
        if (!complete)
            break;
    }
    if (folderFd >= 0)
        ::close(folderFd);
    if (complete)
        m_signature = fnv1a(listing);
}

std::string ImageCache::header() const
{
    std::string header(kMagic, sizeof kMagic);
    putU32(header, kVersion);
    putU64(header, 0); // the header's size, patched below
    putU64(header, *m_signature);
    putText(header, m_root);
    putShapeAndClasses(header, m_shape, m_classNames);
    putText(header, m_resize);
    putU64(header, static_cast<std::uint64_t>(m_trainCount));
    putU64(header, static_cast<std::uint64_t>(m_testCount));
    std::string size;
    putU64(size, header.size());
    header.replace(8 + 4, 8, size);
    return header;
}

std::string ImageCache::readFrom(int fd, Dataset::Data& data) const
{
    struct stat status = {};
    if (::fstat(fd, &status) != 0)
        return std::string("cannot stat it: ") + std::strerror(errno);
    const auto fileSize = static_cast<std::uint64_t>(status.st_size);

    std::vector<std::uint8_t> stored(kFixedHeaderBytes);
    if (!readExact(fd, stored))
        return "it is shorter than a header";
    if (std::memcmp(stored.data(), kMagic, sizeof kMagic) != 0)
        return "it is not a decoded-image cache (bad magic)";
    if (const std::uint64_t version = getLittleEndian(stored.data() + 8, 4); version != kVersion)
        return "it has format version " + std::to_string(version) + ", this build writes " + std::to_string(kVersion);
    const std::uint64_t headerBytes = getLittleEndian(stored.data() + 12, 8);
    if (headerBytes < kFixedHeaderBytes || headerBytes > kMaxHeaderBytes || headerBytes > fileSize)
        return "its header size " + std::to_string(headerBytes) + " is implausible";
    stored.resize(static_cast<std::size_t>(headerBytes));
    if (!readExact(fd, std::span(stored).subspan(kFixedHeaderBytes)))
        return "it is truncated inside its header";

    // Comparing the stored header with the one this listing would write checks every field at once:
    // signature, folder, shape, class names and counts.
    const std::string expected = header();
    if (stored.size() != expected.size() || std::memcmp(stored.data(), expected.data(), expected.size()) != 0) {
        std::span<const std::uint8_t> rest = std::span<const std::uint8_t>(stored).subspan(kFixedHeaderBytes);
        std::uint64_t signature = 0;
        std::string root;
        if (takeU64(rest, signature) && signature != *m_signature)
            return "the folder's files changed since it was written";
        if (takeText(rest, root) && root != m_root)
            return "it was written for another folder (" + root + ")";
        return "its header does not match the folder";
    }

    const auto images = static_cast<std::uint64_t>(m_trainCount + m_testCount);
    const auto perImage = static_cast<std::uint64_t>(m_shape.elementCount());
    const std::uint64_t expectedSize = headerBytes + images * sizeof(std::int64_t) + images * perImage + 8;
    if (fileSize != expectedSize)
        return "it has " + std::to_string(fileSize) + " bytes instead of " + std::to_string(expectedSize)
            + " (truncated or damaged)";

    std::uint64_t sum = addToChecksum(kFnvOffset, stored);
    data.train.labels.resize(static_cast<std::size_t>(m_trainCount));
    data.test.labels.resize(static_cast<std::size_t>(m_testCount));
    data.train.pixels.resize(static_cast<std::size_t>(m_trainCount) * perImage);
    data.test.pixels.resize(static_cast<std::size_t>(m_testCount) * perImage);
    if (!readSection(fd, bytesOf(data.train.labels), sum) || !readSection(fd, bytesOf(data.test.labels), sum)
        || !readSection(fd, data.train.pixels, sum) || !readSection(fd, data.test.pixels, sum))
        return "reading it failed";
    std::uint8_t trailer[8];
    if (!readExact(fd, trailer))
        return "reading it failed";
    if (getLittleEndian(trailer, 8) != sum)
        return "its checksum does not match (the file is damaged)";

    swapLabelsOnBigEndian(data.train.labels);
    swapLabelsOnBigEndian(data.test.labels);
    const auto classCount = static_cast<std::int64_t>(m_classNames.size());
    for (const auto* labels : {&data.train.labels, &data.test.labels})
        if (std::any_of(labels->begin(), labels->end(), [&](std::int64_t l) { return l < 0 || l >= classCount; }))
            return "it holds a label outside 0.." + std::to_string(classCount - 1);
    return {};
}

bool ImageCache::read(Dataset::Data& data) const
{
    if (!m_signature)
        return false;
    const auto start = std::chrono::steady_clock::now();
    const int fd = ::open(m_file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        logger()->debug("no decoded-image cache {} yet ({})", m_file.string(), std::strerror(errno));
        return false;
    }
    std::string problem;
    try {
        problem = readFrom(fd, data);
    } catch (const std::bad_alloc&) {
        problem = "not enough memory to read it";
    }
    ::close(fd);
    if (!problem.empty()) {
        data.train = {};
        data.test = {};
        logInfo({"not using the decoded-image cache %1: %2; decoding the images", {m_file.string(), problem}});
        return false;
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    logInfo({"loaded %1 images of %2 from the decoded-image cache %3 in %4 s",
        {std::to_string(m_trainCount + m_testCount), m_root, m_file.string(), fixedText(seconds, 2)}});
    return true;
}

void ImageCache::write(const Dataset::Data& data) const noexcept
{
    if (!m_signature || data.train.size() != m_trainCount || data.test.size() != m_testCount)
        return;
    try {
        const auto start = std::chrono::steady_clock::now();
        std::string bytes = header();
        const std::size_t headerBytes = bytes.size();
        const auto pixelBytes = data.train.pixels.size() + data.test.pixels.size();
        bytes.reserve(
            headerBytes + (data.train.labels.size() + data.test.labels.size()) * sizeof(std::int64_t) + pixelBytes + 8);
        for (const SplitData* split : {&data.train, &data.test}) {
            std::vector<std::int64_t> labels = split->labels;
            swapLabelsOnBigEndian(labels);
            const auto raw = bytesOf(labels);
            bytes.append(reinterpret_cast<const char*>(raw.data()), raw.size());
        }
        for (const SplitData* split : {&data.train, &data.test})
            bytes.append(reinterpret_cast<const char*>(split->pixels.data()), split->pixels.size());
        // The same sections the reader hashes: header, labels, pixels (block boundaries matter).
        const auto* base = reinterpret_cast<const std::uint8_t*>(bytes.data());
        std::size_t at = 0;
        std::uint64_t sum = kFnvOffset;
        for (const std::size_t section : {headerBytes, data.train.labels.size() * sizeof(std::int64_t),
                 data.test.labels.size() * sizeof(std::int64_t), data.train.pixels.size(), data.test.pixels.size()}) {
            sum = addToChecksum(sum, {base + at, section});
            at += section;
        }
        putU64(bytes, sum);

        const fs::path folder = m_file.parent_path();
        std::error_code ec;
        fs::create_directories(folder, ec);
        if (ec)
            throw Error(ErrorCode::Io, "cannot create the folder: " + ec.message(), {folder.string()});
        // Other datasets' caches whose writing was killed would otherwise stay (185 MB for CIFAR-10).
        (void)removeStaleTemporaries(folder, ".u8cache");
        writeFileAtomically(m_file, bytes);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        logInfo({"wrote the decoded-image cache %1 (%2 MB) in %3 s",
            {m_file.string(), fixedText(static_cast<double>(bytes.size()) / 1e6, 0), fixedText(seconds, 1)}});
    } catch (const std::exception& e) {
        logWarning(
            {"could not write the decoded-image cache (%1); the next load decodes the images again", {e.what()}});
    }
}

} // namespace cnnwb::engine
