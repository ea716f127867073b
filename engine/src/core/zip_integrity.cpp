#include "core/zip_integrity.h"

#include <zlib.h>

#include <cstdint>
#include <optional>

namespace cnnwb::engine {
namespace {

constexpr std::uint32_t kEndOfDirectory = 0x06054b50;
constexpr std::uint32_t kZip64Locator = 0x07064b50;
constexpr std::uint32_t kZip64EndOfDirectory = 0x06064b50;
constexpr std::uint32_t kDirectoryEntry = 0x02014b50;
constexpr std::uint32_t kLocalHeader = 0x04034b50;
constexpr std::uint32_t kMore32 = 0xFFFFFFFF; // "see the zip64 extra field"

// Little-endian reads that report running past the end instead of reading it.
class Reader {
public:
    explicit Reader(std::span<const char> bytes)
        : m_bytes(bytes)
    {
    }
    [[nodiscard]] std::size_t size() const noexcept { return m_bytes.size(); }
    [[nodiscard]] bool has(std::uint64_t at, std::uint64_t count) const noexcept
    {
        return at <= m_bytes.size() && count <= m_bytes.size() - at;
    }
    template <typename T> [[nodiscard]] std::optional<T> get(std::uint64_t at) const
    {
        if (!has(at, sizeof(T)))
            return std::nullopt;
        std::uint64_t value = 0;
        for (std::size_t i = 0; i < sizeof(T); ++i)
            value |= std::uint64_t{static_cast<unsigned char>(m_bytes[at + i])} << (8 * i);
        return static_cast<T>(value);
    }
    [[nodiscard]] std::span<const char> slice(std::uint64_t at, std::uint64_t count) const
    {
        return m_bytes.subspan(at, count);
    }

private:
    std::span<const char> m_bytes;
};

struct Directory {
    std::uint64_t entries = 0;
    std::uint64_t offset = 0;
};

std::optional<Directory> findDirectory(const Reader& zip)
{
    if (zip.size() < 22)
        return std::nullopt;
    // The end record is the last 22 bytes unless the archive has a comment (up to 65,535 bytes).
    const std::size_t lowest = zip.size() > 22 + 65535 ? zip.size() - 22 - 65535 : 0;
    for (std::size_t at = zip.size() - 22 + 1; at-- > lowest;) {
        if (zip.get<std::uint32_t>(at) != kEndOfDirectory)
            continue;
        Directory d{*zip.get<std::uint16_t>(at + 10), *zip.get<std::uint32_t>(at + 16)};
        if (d.entries != 0xFFFF && d.offset != kMore32)
            return d;
        // zip64: the locator just before the end record points at the zip64 end record.
        if (at < 20 || zip.get<std::uint32_t>(at - 20) != kZip64Locator)
            return std::nullopt;
        const std::uint64_t end64 = zip.get<std::uint64_t>(at - 20 + 8).value_or(~0ULL);
        if (zip.get<std::uint32_t>(end64) != kZip64EndOfDirectory)
            return std::nullopt;
        const auto entries = zip.get<std::uint64_t>(end64 + 32);
        const auto offset = zip.get<std::uint64_t>(end64 + 48);
        if (!entries || !offset)
            return std::nullopt;
        return Directory{*entries, *offset};
    }
    return std::nullopt;
}

struct Entry {
    std::string name;
    std::uint16_t method = 0;
    std::uint32_t crc = 0;
    std::uint64_t compressedSize = 0;
    std::uint64_t localOffset = 0;
    std::uint64_t next = 0; ///< where the next directory entry starts
};

// A directory entry at `at`, with its zip64 extra field applied.
std::optional<Entry> readEntry(const Reader& zip, std::uint64_t at)
{
    if (zip.get<std::uint32_t>(at) != kDirectoryEntry || !zip.has(at, 46))
        return std::nullopt;
    Entry e;
    e.method = *zip.get<std::uint16_t>(at + 10);
    e.crc = *zip.get<std::uint32_t>(at + 16);
    e.compressedSize = *zip.get<std::uint32_t>(at + 20);
    const std::uint32_t size32 = *zip.get<std::uint32_t>(at + 24);
    const std::uint16_t nameLength = *zip.get<std::uint16_t>(at + 28);
    const std::uint16_t extraLength = *zip.get<std::uint16_t>(at + 30);
    const std::uint16_t commentLength = *zip.get<std::uint16_t>(at + 32);
    e.localOffset = *zip.get<std::uint32_t>(at + 42);
    if (!zip.has(at + 46, std::uint64_t{nameLength} + extraLength + commentLength))
        return std::nullopt;
    const std::span<const char> name = zip.slice(at + 46, nameLength);
    e.name.assign(name.begin(), name.end());
    e.next = at + 46 + nameLength + extraLength + commentLength;
    // The zip64 extra field holds, in this order, those of the three values that are 0xFFFFFFFF.
    for (std::uint64_t x = at + 46 + nameLength; x + 4 <= at + 46 + nameLength + extraLength;) {
        const std::uint16_t id = *zip.get<std::uint16_t>(x);
        const std::uint16_t length = *zip.get<std::uint16_t>(x + 2);
        if (id == 0x0001) {
            std::uint64_t field = x + 4;
            if (size32 == kMore32)
                field += 8;
            if (e.compressedSize == kMore32) {
                e.compressedSize = zip.get<std::uint64_t>(field).value_or(~0ULL);
                field += 8;
            }
            if (e.localOffset == kMore32)
                e.localOffset = zip.get<std::uint64_t>(field).value_or(~0ULL);
        }
        x += 4 + std::uint64_t{length};
    }
    return e;
}

std::string checkEntry(const Reader& zip, const Entry& e)
{
    if (zip.get<std::uint32_t>(e.localOffset) != kLocalHeader || !zip.has(e.localOffset, 30))
        return e.name + " has no local header where the directory says";
    const std::uint64_t data = e.localOffset + 30 + *zip.get<std::uint16_t>(e.localOffset + 26)
        + *zip.get<std::uint16_t>(e.localOffset + 28);
    if (!zip.has(data, e.compressedSize))
        return e.name + " runs past the end of the file";
    if (e.method != 0)
        return {};
    // zlib's crc32 takes at most 4 GiB per call.
    uLong crc = crc32(0L, Z_NULL, 0);
    for (std::uint64_t done = 0; done < e.compressedSize;) {
        const std::uint64_t part = std::min<std::uint64_t>(e.compressedSize - done, 1U << 30);
        const std::span<const char> bytes = zip.slice(data + done, part);
        crc = crc32(crc, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(part));
        done += part;
    }
    if (crc != e.crc)
        return e.name + " fails its checksum (its bytes changed after it was written)";
    return {};
}

} // namespace

std::string zipIntegrityProblem(std::span<const char> archive)
{
    const Reader zip(archive);
    const std::optional<Directory> directory = findDirectory(zip);
    if (!directory)
        return "its zip directory is missing";
    std::uint64_t at = directory->offset;
    for (std::uint64_t i = 0; i < directory->entries; ++i) {
        const std::optional<Entry> entry = readEntry(zip, at);
        if (!entry)
            return "its zip directory is damaged";
        if (std::string problem = checkEntry(zip, *entry); !problem.empty())
            return problem;
        at = entry->next;
    }
    return {};
}

} // namespace cnnwb::engine
