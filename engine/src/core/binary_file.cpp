#include "core/binary_file.h"

#include "cnnwb/engine/core/error.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

namespace cnnwb::engine {

std::string readTextFile(const std::filesystem::path& path, const std::string& what)
{
    std::ifstream in(path);
    if (!in)
        throw Error(ErrorCode::Io, "cannot open " + what + ": " + std::strerror(errno), {path.string()});
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

} // namespace cnnwb::engine
