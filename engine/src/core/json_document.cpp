#include "core/json_document.h"
#include "core/memory_budget.h"

#include "cnnwb/engine/core/error.h"

namespace cnnwb::engine {
namespace {

// "[json.exception.parse_error.101] parse error at line 1, column 2: syntax error while parsing
// value - unexpected end of input; expected '[', '{', or a literal" without the library's tag.
std::string plainParseError(const nlohmann::json::parse_error& e)
{
    std::string text = plainJsonMessage(e);
    if (text.starts_with("parse error "))
        text.erase(0, 12);
    return text;
}

} // namespace

std::string plainJsonMessage(const nlohmann::json::exception& e)
{
    std::string text = e.what();
    if (const auto tag = text.find("] "); text.starts_with("[json.exception.") && tag != std::string::npos)
        text.erase(0, tag + 2);
    return text;
}

nlohmann::json parseJsonDocument(std::string_view text, const std::string& source)
{
    if (text.size() > kMaxJsonBytes)
        throw Error(ErrorCode::InvalidData,
            "the document is " + describeBytes(static_cast<std::int64_t>(text.size()))
                + ", more than any this program writes (" + describeBytes(kMaxJsonBytes) + " at most)",
            {source});
    const nlohmann::json::parser_callback_t depthLimit
        = [&source](int depth, nlohmann::json::parse_event_t /*event*/, nlohmann::json& /*parsed*/) {
              if (depth > kMaxJsonDepth)
                  throw Error(ErrorCode::InvalidData,
                      "the document nests deeper than " + std::to_string(kMaxJsonDepth)
                          + " levels; no experiment, model or record of this program does",
                      {source});
              return true;
          };
    try {
        return nlohmann::json::parse(text, depthLimit);
    } catch (const nlohmann::json::parse_error& e) {
        throw Error(ErrorCode::InvalidData, "not valid JSON: " + plainParseError(e), {source});
    } catch (const nlohmann::json::out_of_range&) {
        // 406: a number beyond a double ("1e999"), found by fuzz_experiment; it escaped as the
        // library's own exception, which nothing above expects.
        throw Error(ErrorCode::InvalidData, "not valid JSON: a number is too large to represent", {source});
    } catch (const nlohmann::json::exception& e) {
        throw Error(ErrorCode::InvalidData, "not valid JSON: " + plainJsonMessage(e), {source});
    }
}

} // namespace cnnwb::engine
