#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace cnnwb::engine {

/// One record of a zip archive, as its directory describes it.
struct ZipRecord {
    std::string name;
    std::uint16_t method = 0;   ///< 0 stored, 8 deflated
    std::span<const char> data; ///< its bytes in the archive, compressed if deflated
    std::uint64_t size = 0;     ///< its size once inflated
    std::uint32_t crc = 0;
};

/// The records of a zip archive held in memory, in directory order, each checked against the
/// CRC-32 and size its directory records (deflated ones are inflated through a small buffer to
/// check them); or, in `problem`, what is wrong. LibTorch's reader does not check them (its miniz
/// is built without CRC checks), so a checkpoint with flipped bytes inside a tensor would load.
/// Handles zip64 sizes and offsets.
struct ZipContents {
    std::vector<ZipRecord> records;
    std::string problem; ///< empty when every record is whole
};
[[nodiscard]] ZipContents readZipContents(std::span<const char> archive);

/// The first `count` bytes of a record of a checked archive, inflated if need be.
[[nodiscard]] std::string zipRecordHead(const ZipRecord& record, std::size_t count);

/// A record's bytes, inflated if need be, into `out` (as many as fit); the count written.
std::size_t zipRecordRead(const ZipRecord& record, std::span<char> out);

} // namespace cnnwb::engine
