#include "text_file.h"

#include "cnnwb/engine/core/error.h"

#include <fstream>
#include <sstream>

namespace cnnwb::app {

std::string readText(const std::string& file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw engine::Error(engine::ErrorCode::Io, "cannot open file", {file});
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace cnnwb::app
