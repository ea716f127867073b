#pragma once

#include "cnnwb/engine/core/error.h"

#include <exception>
#include <string>
#include <string_view>

namespace cnnwb::engine {

/// What the engine was doing when a library failed, for the message of the Error it becomes.
struct LibraryFailure {
    /// Replaces the library's name before the library's text ("augmentation failed in OpenCV").
    std::string doing;
    /// Said after "out of GPU memory; " when the failure is one ("try a smaller batch size (now 64)").
    std::string outOfMemoryAdvice = "try a smaller batch size";
    ErrorContext context;
};

/// The one place where the libraries' exceptions become engine::Error, so front ends catch exactly
/// that: an Error stays as it is; running out of GPU memory is a Device error everywhere (the CUDA
/// cache is emptied first, so the program stays usable for a smaller run); any other LibTorch or
/// OpenCV failure, and any other std::exception, is a Backend error. Call it in a catch block:
/// `catch (...) { throw toEngineError(std::current_exception()); }`. Not a std::exception (nothing
/// the libraries throw): rethrown as it is.
[[nodiscard]] Error toEngineError(const std::exception_ptr& error, const LibraryFailure& failure = {});

/// A library's message as one line of a user's terminal: its first line (LibTorch's often go on
/// with the stack of the pickle or the dispatcher tables, thousands of characters), at most
/// kMaxLibraryMessage characters, cut at a character boundary with "…".
inline constexpr std::size_t kMaxLibraryMessage = 300;
[[nodiscard]] std::string conciseLibraryMessage(std::string_view text);

/// Runs `f`, converting whatever a library throws with toEngineError.
template <typename F> auto withEngineErrors(F&& f, const LibraryFailure& failure = {}) -> decltype(f())
{
    try {
        return f();
    } catch (...) {
        throw toEngineError(std::current_exception(), failure);
    }
}

} // namespace cnnwb::engine
