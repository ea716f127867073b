#include "train/pickle_scan.h"

#include <cstdint>
#include <cstring>

namespace cnnwb::engine {
namespace {

// How each opcode's argument is laid out (Python's pickletools, protocols 0 to 5).
enum class Argument { None, Fixed, Line, TwoLines, Length, Unknown };

struct Layout {
    Argument argument = Argument::Unknown;
    int bytes = 0; ///< Fixed: the argument's size; Length: the size of the little-endian length before the data
};

Layout layoutOf(unsigned char op)
{
    switch (op) {
    case '(':
    case '.':
    case '0':
    case '1':
    case '2':
    case 'N':
    case 'Q':
    case 'R':
    case 'a':
    case 'b':
    case 'd':
    case '}':
    case 'e':
    case 'l':
    case ']':
    case 'o':
    case 's':
    case 't':
    case ')':
    case 'u':
    case 0x81:
    case 0x85:
    case 0x86:
    case 0x87:
    case 0x88:
    case 0x89:
    case 0x8f:
    case 0x90:
    case 0x91:
    case 0x92:
    case 0x93:
    case 0x94:
    case 0x97:
    case 0x98:
        return {Argument::None, 0};
    case 'K':
    case 'h':
    case 'q':
    case 0x80:
    case 0x82:
        return {Argument::Fixed, 1};
    case 'M':
    case 0x83:
        return {Argument::Fixed, 2};
    case 'J':
    case 'j':
    case 'r':
    case 0x84:
        return {Argument::Fixed, 4};
    case 'G':
        return {Argument::Fixed, 8};
    case 'F':
    case 'I':
    case 'L':
    case 'P':
    case 'S':
    case 'V':
    case 'g':
    case 'p':
        return {Argument::Line, 0};
    case 'c':
    case 'i':
        return {Argument::TwoLines, 0};
    case 'U':
    case 'C':
    case 0x8c:
    case 0x8a:
        return {Argument::Length, 1};
    case 'T':
    case 'X':
    case 'B':
    case 0x8b:
        return {Argument::Length, 4};
    case 0x8d:
    case 0x8e:
    case 0x95:
    case 0x96:
        return {Argument::Length, 8};
    default:
        return {};
    }
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
