#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

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

/// A json exception's message without the library's tag: "type must be number, but is string",
/// not "[json.exception.type_error.302] type must be number, but is string".
[[nodiscard]] std::string plainJsonMessage(const nlohmann::json::exception& e);

namespace detail {
template <typename T> struct IsIntegerVector : std::false_type {
};
template <typename E>
struct IsIntegerVector<std::vector<E>> : std::bool_constant<std::is_integral_v<E> && !std::is_same_v<E, bool>> {
};
} // namespace detail

/// value.get<T>() without nlohmann's silent conversions: a float where an integer is expected (3.7
/// read as 3, and 1e20 into an int is undefined behaviour: found by fuzz_experiment) or an integer
/// outside T's range (-1 as a seed, 2^32 + 2 channels as 2) throws nlohmann's type_error or
/// out_of_range like any other mismatch, which every reader already turns into an Error. Vectors of
/// integers are checked element by element.
template <typename T> T jsonGet(const nlohmann::json& value)
{
    if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
        if (!value.is_number_integer())
            throw nlohmann::json::type_error::create(302, "expected a whole number", &value);
        const bool fits = value.is_number_unsigned() ? std::in_range<T>(value.get<std::uint64_t>())
                                                     : std::in_range<T>(value.get<std::int64_t>());
        if (!fits)
            throw nlohmann::json::out_of_range::create(406, "the number is out of range", &value);
        return value.get<T>();
    } else if constexpr (detail::IsIntegerVector<T>::value) {
        if (!value.is_array())
            throw nlohmann::json::type_error::create(302, "expected an array", &value);
        T out;
        for (const nlohmann::json& element : value)
            out.push_back(jsonGet<typename T::value_type>(element));
        return out;
    } else {
        return value.get<T>();
    }
}

} // namespace cnnwb::engine
