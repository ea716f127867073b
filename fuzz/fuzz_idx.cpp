// libFuzzer target: the IDX reader (idx_reader.cpp, idx_files.cpp), the file source's gzip path
// (file_source.cpp) and the inflater (core/gzip.cpp).
//
// Input: [mode byte][u32 length][train images][u32 length][train labels][u32 length][t10k images]
// [t10k labels = the rest]. Mode % 4: 0 writes the four files plain; 1 gzips them here, so the IDX
// parser sees the bytes through the .gz reader; 2 writes the bytes as they are under .gz names,
// so zlib's error paths (bad header, truncated stream, bad CRC) get the bytes; 3 gzips them and
// appends a second gzip member inflating to 1 MiB of zeros: an inflation bomb behind every header,
// which must cost no more than the header declares.

#include "fuzz_support.h"

#include <zlib.h>

#include <array>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

// Each input gzips four files: with a 512-byte window and the smallest hash table, deflate's set-up
// costs a few KB instead of a quarter of a megabyte each time (the output is a gzip file all the same).
std::vector<std::uint8_t> gzip(
    std::span<const std::uint8_t> bytes, int level = Z_BEST_SPEED, int windowBits = 9, int memLevel = 1)
{
    z_stream stream{};
    // windowBits + 16: a gzip header and trailer, as the real .gz files have.
    if (deflateInit2(&stream, level, Z_DEFLATED, windowBits + 16, memLevel, Z_DEFAULT_STRATEGY) != Z_OK)
        std::abort();
    std::vector<std::uint8_t> out(deflateBound(&stream, static_cast<uLong>(bytes.size())) + 32);
    stream.next_in = const_cast<Bytef*>(bytes.data());
    stream.avail_in = static_cast<uInt>(bytes.size());
    stream.next_out = out.data();
    stream.avail_out = static_cast<uInt>(out.size());
    if (deflate(&stream, Z_FINISH) != Z_STREAM_END)
        std::abort();
    out.resize(stream.total_out);
    deflateEnd(&stream);
    return out;
}

// 1 MiB of zeros as one gzip member (about 1 KB: deflate's best ratio), made once: a thousand times
// its size, and more than the headers of the inputs libFuzzer grows declare. (A bigger bomb costs
// every input that declares a big size the inflating of all of it, for no new path.)
const std::vector<std::uint8_t>& bombMember()
{
    static const std::vector<std::uint8_t> member
        = gzip(std::vector<std::uint8_t>(std::size_t{1} << 20, 0), Z_BEST_COMPRESSION, 15, 9);
    return member;
}

std::vector<std::uint8_t> withBomb(std::span<const std::uint8_t> bytes)
{
    std::vector<std::uint8_t> out = gzip(bytes);
    out.insert(out.end(), bombMember().begin(), bombMember().end());
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace cnnwb::fuzz;
    if (size == 0)
        return 0;
    const int mode = data[0] % 4;
    std::span<const std::uint8_t> rest(data + 1, size - 1);
    std::array<std::span<const std::uint8_t>, 4> parts;
    for (int i = 0; i < 3; ++i)
        parts[static_cast<std::size_t>(i)] = takeChunk(rest, 4);
    parts[3] = rest;

    static const std::array<const char*, 4> kNames
        = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"};
    cnnwb::engine::InMemoryFolder folder;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const std::string name = std::string(kNames[i]) + (mode == 0 ? "" : ".gz");
        if (mode == 1)
            put(folder, name, gzip(parts[i]));
        else if (mode == 3)
            put(folder, name, withBomb(parts[i]));
        else
            put(folder, name, parts[i]);
    }
    loadFolder(folder);
    return 0;
}
