#pragma once

#include <string_view>

namespace cnnwb::engine {

/// OpenCV 4's imdecode writes "imdecode_('…'): can't read header: …" straight to std::cerr for
/// every file whose decoder throws, whatever its log level says. The engine reports such a file
/// itself, in one line naming it, so from the first call on std::cerr drops OpenCV's lines and
/// passes every other line through unchanged (the CLI's own errors go through std::cerr too).
/// Thread-safe: each thread's partial line is held apart until its newline.
void filterOpenCvLinesFromCerr();

/// Whether a line of standard error is one of OpenCV's that filterOpenCvLinesFromCerr drops.
[[nodiscard]] bool isOpenCvDecodeLine(std::string_view line) noexcept;

} // namespace cnnwb::engine
