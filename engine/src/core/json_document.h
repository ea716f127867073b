#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace cnnwb::engine {

/// How deep a document that a file or a user gives the engine may nest. Experiments, specs,
/// manifests and checkpoint records need less than ten levels; the limit keeps the recursive
/// parts of nlohmann::json (dump, copy) far from the stack's end.
inline constexpr int kMaxJsonDepth = 64;
/// How large such a document may be (the largest real ones, manifests with long histories, are
/// a few hundred kilobytes).
inline constexpr std::size_t kMaxJsonBytes = std::size_t{64} << 20;

/// The one way the engine parses JSON it did not write in this process: bounded in size and depth
/// before anything recursive touches it, with the library's error made one plain sentence
/// ("not valid JSON: syntax error at line 3, column 7: …"). Throws Error(InvalidData) naming `source`.
[[nodiscard]] nlohmann::json parseJsonDocument(std::string_view text, const std::string& source);

} // namespace cnnwb::engine
