#include "core/gzip.h"

#include "cnnwb/engine/core/error.h"

#include <zlib.h>

#include <algorithm>
#include <limits>

namespace cnnwb::engine {
namespace {

constexpr std::size_t kStep = std::size_t{1} << 20;

// zlib counts in uInt: a stream longer than 4 GiB is fed in pieces.
void feed(z_stream& stream, std::span<const std::uint8_t>& rest)
{
    if (stream.avail_in != 0 || rest.empty())
        return;
    const std::size_t piece = std::min<std::size_t>(rest.size(), std::numeric_limits<uInt>::max());
    stream.next_in = const_cast<Bytef*>(rest.data());
    stream.avail_in = static_cast<uInt>(piece);
    rest = rest.subspan(piece);
}

bool startsAnotherMember(const z_stream& stream, std::span<const std::uint8_t> rest)
{
    const auto byte = [&](std::size_t i) -> int {
        if (i < stream.avail_in)
            return stream.next_in[i];
        const std::size_t j = i - stream.avail_in;
        return j < rest.size() ? rest[j] : -1;
    };
    return byte(0) == 0x1f && byte(1) == 0x8b;
}

class Inflater {
public:
    Inflater(std::span<const std::uint8_t> compressed, const std::string& name)
        : m_rest(compressed)
        , m_name(name)
    {
        // windowBits 15 + 16: gzip framing only, as the .gz files this reads have.
        if (inflateInit2(&m_stream, 15 + 16) != Z_OK)
            throw Error(ErrorCode::Backend, "zlib could not start inflating", {name});
    }
    ~Inflater() { inflateEnd(&m_stream); }
    Inflater(const Inflater&) = delete;
    Inflater& operator=(const Inflater&) = delete;

    /// Inflates into `out` (up to its avail_out room). Returns Z_STREAM_END at the end of the last
    /// member, Z_BUF_ERROR when the input ran out, Z_OK otherwise.
    int step(Bytef* out, std::size_t room)
    {
        m_stream.next_out = out;
        m_stream.avail_out = static_cast<uInt>(room);
        for (;;) {
            feed(m_stream, m_rest);
            const int rc = inflate(&m_stream, Z_NO_FLUSH);
            if (rc == Z_STREAM_END) {
                if (!startsAnotherMember(m_stream, m_rest))
                    return Z_STREAM_END; // gzip, too, ignores what follows the last member
                inflateReset(&m_stream);
                continue;
            }
            if (rc == Z_BUF_ERROR && m_stream.avail_in == 0 && m_rest.empty())
                return Z_BUF_ERROR;
            if (rc != Z_OK && rc != Z_BUF_ERROR)
                throw Error(ErrorCode::InvalidData,
                    std::string("not a valid gzip file (")
                        + (m_stream.msg != nullptr ? m_stream.msg : "zlib error " + std::to_string(rc)) + ")",
                    {m_name});
            if (m_stream.avail_out == 0)
                return Z_OK;
        }
    }

    [[nodiscard]] std::size_t roomLeft() const { return m_stream.avail_out; }

private:
    z_stream m_stream{};
    std::span<const std::uint8_t> m_rest;
    const std::string& m_name;
};

} // namespace

Inflated gunzip(std::span<const std::uint8_t> compressed, std::size_t limit, const std::string& name)
{
    Inflated result;
    Inflater inflater(compressed, name);
    for (;;) {
        const std::size_t have = result.bytes.size();
        if (have == limit) {
            // Full: one more byte says whether the stream holds more than the limit.
            std::uint8_t probe = 0;
            const int rc = inflater.step(&probe, 1);
            result.overLimit = inflater.roomLeft() == 0;
            result.complete = !result.overLimit && rc == Z_STREAM_END;
            return result;
        }
        // Grows with what the stream gives (from four times its compressed size), not to the limit
        // at once: a declared size is an upper bound, and zero-filling it was most of a small read.
        const std::size_t guess = have == 0 ? std::max<std::size_t>(compressed.size() * 4, 4096) : have;
        const std::size_t room = std::min({kStep, limit - have, guess});
        result.bytes.resize(have + room);
        const int rc = inflater.step(result.bytes.data() + have, room);
        result.bytes.resize(have + room - inflater.roomLeft());
        if (rc == Z_STREAM_END) {
            result.complete = true;
            return result;
        }
        if (rc == Z_BUF_ERROR)
            return result; // cut short
    }
}

} // namespace cnnwb::engine
