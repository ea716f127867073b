#include "train/pickle_scan.h"

#include <array>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace cnnwb::engine {
namespace {

// How each opcode's argument is laid out (Python's pickletools, protocols 0 to 5).
enum class Argument { None, Fixed, Line, TwoLines, Length, Unknown };

struct Layout {
    Argument argument = Argument::Unknown;
    int bytes = 0; ///< Fixed: the argument's size; Length: the size of the little-endian length before the data
};

// Opcodes by argument layout (escapes split where a hex digit follows).
constexpr std::array<Layout, 256> kLayouts = [] {
    std::array<Layout, 256> table{};
    const auto set = [&table](std::string_view ops, Layout layout) {
        for (const char op : ops)
            table[static_cast<unsigned char>(op)] = layout;
    };
    set("(.012NQRabd}el]ost)u\x81\x85\x86\x87\x88\x89\x8f\x90\x91\x92\x93\x94\x97\x98", {Argument::None, 0});
    set("Khq\x80\x82", {Argument::Fixed, 1});
    set("M\x83", {Argument::Fixed, 2});
    set("Jjr\x84", {Argument::Fixed, 4});
    set("G", {Argument::Fixed, 8});
    set("FILPSVgp", {Argument::Line, 0});
    set("ci", {Argument::TwoLines, 0});
    set("UC\x8c\x8a", {Argument::Length, 1});
    set("TXB\x8b", {Argument::Length, 4});
    set("\x8d\x8e\x95\x96", {Argument::Length, 8});
    return table;
}();

Layout layoutOf(unsigned char op)
{
    return kLayouts[op];
}

std::uint64_t littleEndian(const char* p, int bytes)
{
    std::uint64_t value = 0;
    for (int i = 0; i < bytes; ++i)
        value |= std::uint64_t{static_cast<unsigned char>(p[i])} << (8 * i);
    return value;
}

} // namespace

std::string pickleProblem(std::span<const char> pickle)
{
    std::size_t at = 0;
    while (at < pickle.size()) {
        const auto op = static_cast<unsigned char>(pickle[at++]);
        const std::size_t left = pickle.size() - at;
        const Layout layout = layoutOf(op);
        switch (layout.argument) {
        case Argument::Unknown:
            return {};
        case Argument::None:
            if (op == '.')
                return {};
            break;
        case Argument::Fixed:
            if (static_cast<std::size_t>(layout.bytes) > left)
                return "the pickle ends inside an opcode";
            // LONG_BINPUT: the unpickler sizes its memo table by the index (16 bytes an entry), and
            // a pickle cannot have made more entries than it has bytes.
            if (op == 'r') {
                if (const std::uint64_t index = littleEndian(pickle.data() + at, 4); index > pickle.size())
                    return "the pickle stores at memo index " + std::to_string(index) + " in "
                        + std::to_string(pickle.size()) + " bytes";
            }
            at += static_cast<std::size_t>(layout.bytes);
            break;
        case Argument::Line:
        case Argument::TwoLines:
            for (int line = layout.argument == Argument::TwoLines ? 2 : 1; line > 0; --line) {
                const void* end = std::memchr(pickle.data() + at, '\n', pickle.size() - at);
                if (end == nullptr)
                    return "the pickle ends inside an opcode";
                at = static_cast<std::size_t>(static_cast<const char*>(end) - pickle.data()) + 1;
            }
            break;
        case Argument::Length: {
            const auto width = static_cast<std::size_t>(layout.bytes);
            if (width > left)
                return "the pickle ends inside an opcode";
            const std::uint64_t length = littleEndian(pickle.data() + at, layout.bytes);
            if (length > left - width)
                return "the pickle declares " + std::to_string(length) + " bytes where " + std::to_string(left - width)
                    + " remain";
            at += width + static_cast<std::size_t>(length);
            if (op == 0x95) // FRAME: its length covers the opcodes that follow, which are scanned too
                at -= static_cast<std::size_t>(length);
            break;
        }
        }
    }
    return {};
}

} // namespace cnnwb::engine
