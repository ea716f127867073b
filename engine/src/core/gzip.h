#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace cnnwb::engine {

/// What gunzip() made of a gzip stream.
struct Inflated {
    std::vector<std::uint8_t> bytes; ///< at most the limit asked for
    bool complete = false;           ///< the stream ended properly (trailer and CRC checked)
    bool overLimit = false;          ///< the stream holds more than the limit
};

/// Inflates a gzip stream held in memory, members back to back included (`cat a.gz b.gz`), and
/// never more than `limit` bytes of output: a stream that would inflate further stops there with
/// overLimit set, so that an inflation bomb costs no more than the limit. A stream cut short
/// (a partial download, or a head read) returns what it held with complete unset. Bad data
/// throws Error(InvalidData) naming `name`.
[[nodiscard]] Inflated gunzip(std::span<const std::uint8_t> compressed, std::size_t limit, const std::string& name);

} // namespace cnnwb::engine
