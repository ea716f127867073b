#include "core/zip_integrity.h"

#include <zlib.h>

#include <algorithm>
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
        // miniz, LibTorch's reader, takes the zip64 record's counts whenever a locator points at
        // one, whatever the end record says: this check reads the directory that miniz will.
        if (at >= 20 && zip.get<std::uint32_t>(at - 20) == kZip64Locator) {
            const std::uint64_t end64 = zip.get<std::uint64_t>(at - 20 + 8).value_or(~0ULL);
            if (zip.get<std::uint32_t>(end64) == kZip64EndOfDirectory) {
                const auto entries = zip.get<std::uint64_t>(end64 + 32);
                const auto offset = zip.get<std::uint64_t>(end64 + 48);
                if (!entries || !offset)
                    return std::nullopt;
                return Directory{*entries, *offset};
            }
        }
        const Directory d{*zip.get<std::uint16_t>(at + 10), *zip.get<std::uint32_t>(at + 16)};
        if (d.entries == 0xFFFF || d.offset == kMore32)
            return std::nullopt; // zip64's markers, without its record
        return d;
    }
    return std::nullopt;
}

struct Entry {
    std::string name;
    std::uint16_t flags = 0;
    std::uint16_t method = 0;
    std::uint32_t crc = 0;
    std::uint64_t size = 0;
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
    e.flags = *zip.get<std::uint16_t>(at + 8);
    e.method = *zip.get<std::uint16_t>(at + 10);
    e.crc = *zip.get<std::uint32_t>(at + 16);
    e.compressedSize = *zip.get<std::uint32_t>(at + 20);
    const std::uint32_t size32 = *zip.get<std::uint32_t>(at + 24);
    const std::uint16_t nameLength = *zip.get<std::uint16_t>(at + 28);
    const std::uint16_t extraLength = *zip.get<std::uint16_t>(at + 30);
    const std::uint16_t commentLength = *zip.get<std::uint16_t>(at + 32);
    e.localOffset = *zip.get<std::uint32_t>(at + 42);
    e.size = size32;
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
            if (size32 == kMore32) {
                e.size = zip.get<std::uint64_t>(field).value_or(~0ULL);
                field += 8;
            }
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

// Feeds a deflated record through zlib in pieces, handing each inflated piece to `sink`; false
// when the stream is damaged or ends early. No allocation grows with the record's size.
template <typename Sink> bool inflateRecord(std::span<const char> data, Sink&& sink)
{
    z_stream z{};
    if (inflateInit2(&z, -MAX_WBITS) != Z_OK) // raw deflate, as zip stores it
        return false;
    std::vector<char> buffer(std::size_t{64} << 10);
    std::uint64_t fed = 0;
    int status = Z_OK;
    while (status == Z_OK) {
        if (z.avail_in == 0 && fed < data.size()) {
            const auto part = static_cast<uInt>(std::min<std::uint64_t>(data.size() - fed, 1U << 30));
            z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data() + fed));
            z.avail_in = part;
            fed += part;
        }
        z.next_out = reinterpret_cast<Bytef*>(buffer.data());
        z.avail_out = static_cast<uInt>(buffer.size());
        status = inflate(&z, Z_NO_FLUSH);
        const std::size_t produced = buffer.size() - z.avail_out;
        if (produced > 0 && !sink(std::span<const char>(buffer.data(), produced)))
            break;
        if (status == Z_BUF_ERROR && z.avail_in == 0 && fed == data.size())
            break; // the input ended before the stream did
        if (status == Z_BUF_ERROR)
            status = Z_OK;
    }
    inflateEnd(&z);
    return status == Z_STREAM_END;
}

std::string checkContents(const ZipRecord& record)
{
    uLong crc = crc32(0L, Z_NULL, 0);
    std::uint64_t size = 0;
    const auto add = [&](std::span<const char> bytes) {
        // zlib's crc32 takes at most 4 GiB per call.
        for (std::size_t done = 0; done < bytes.size();) {
            const std::size_t part = std::min<std::size_t>(bytes.size() - done, 1U << 30);
            crc = crc32(crc, reinterpret_cast<const Bytef*>(bytes.data() + done), static_cast<uInt>(part));
            done += part;
        }
        size += bytes.size();
        return size <= record.size; // more than declared: stop, it is damaged
    };
    if (record.method == 0) {
        add(record.data);
    } else if (record.method == 8) {
        if (!inflateRecord(record.data, add) && size <= record.size)
            return record.name + " is damaged (its compressed bytes do not inflate)";
    } else {
        return record.name + " uses zip compression method " + std::to_string(record.method)
            + ", which PyTorch neither writes nor reads";
    }
    if (size != record.size || crc != record.crc)
        return record.name + " fails its checksum (its bytes changed after it was written)";
    return {};
}

// The record an entry describes, once its local header is found and its bytes are inside the file.
std::optional<ZipRecord> locate(const Reader& zip, const Entry& e, std::string& problem)
{
    // Encrypted (bits 0 and 6), a patch (5) or with its directory masked (13): miniz reads none.
    if ((e.flags & 0x2061) != 0) {
        problem = e.name + " is encrypted or a patch, which PyTorch neither writes nor reads";
        return std::nullopt;
    }
    if (zip.get<std::uint32_t>(e.localOffset) != kLocalHeader || !zip.has(e.localOffset, 30)) {
        problem = e.name + " has no local header where the directory says";
        return std::nullopt;
    }
    const std::uint64_t data = e.localOffset + 30 + *zip.get<std::uint16_t>(e.localOffset + 26)
        + *zip.get<std::uint16_t>(e.localOffset + 28);
    if (!zip.has(data, e.compressedSize)) {
        problem = e.name + " runs past the end of the file";
        return std::nullopt;
    }
    return ZipRecord{e.name, e.method, zip.slice(data, e.compressedSize), e.size, e.crc};
}

} // namespace

ZipContents readZipContents(std::span<const char> archive)
{
    const Reader zip(archive);
    ZipContents contents;
    const std::optional<Directory> directory = findDirectory(zip);
    if (!directory) {
        contents.problem = "its zip directory is missing";
        return contents;
    }
    std::uint64_t at = directory->offset;
    for (std::uint64_t i = 0; i < directory->entries && contents.problem.empty(); ++i) {
        const std::optional<Entry> entry = readEntry(zip, at);
        if (!entry) {
            contents.problem = "its zip directory is damaged";
            break;
        }
        if (std::optional<ZipRecord> record = locate(zip, *entry, contents.problem)) {
            contents.problem = checkContents(*record);
            contents.records.push_back(std::move(*record));
        }
        at = entry->next;
    }
    return contents;
}

std::size_t zipRecordRead(const ZipRecord& record, std::span<char> out)
{
    if (record.method == 0) {
        const std::size_t count = std::min(out.size(), record.data.size());
        std::copy_n(record.data.begin(), count, out.begin());
        return count;
    }
    std::size_t done = 0;
    (void)inflateRecord(record.data, [&](std::span<const char> bytes) {
        const std::size_t count = std::min(bytes.size(), out.size() - done);
        std::copy_n(bytes.begin(), count, out.begin() + static_cast<std::ptrdiff_t>(done));
        done += count;
        return done < out.size();
    });
    return done;
}

std::string zipRecordHead(const ZipRecord& record, std::size_t count)
{
    std::string head(std::min<std::uint64_t>(count, record.size), '\0');
    head.resize(zipRecordRead(record, head));
    return head;
}

} // namespace cnnwb::engine
