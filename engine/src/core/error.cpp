#include "cnnwb/engine/core/error.h"

#include <utility>

namespace cnnwb::engine {
namespace {

std::string compose(const std::string& message, const ErrorContext& context)
{
    std::string text;
    if (!context.file.empty()) {
        text += context.file;
        if (context.index)
            text += " (record " + std::to_string(*context.index) + ")";
        text += ": ";
    }
    if (context.layerIndex)
        text += "layer " + std::to_string(*context.layerIndex) + ": ";
    text += message;
    if (!context.shapes.empty())
        text += " [shapes: " + context.shapes + "]";
    return text;
}

} // namespace

Error::Error(ErrorCode code, std::string message, ErrorContext context)
    : std::runtime_error(compose(message, context))
    , m_code(code)
    , m_message(std::move(message))
    , m_context(std::move(context))
{
}

} // namespace cnnwb::engine
