#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace cnnwb::engine {

/// What kind of problem an Error reports; front ends map it to exit codes or translated text.
enum class ErrorCode {
    InvalidArgument, ///< a setting or option the caller passed is not acceptable
    InvalidData,     ///< a data file or folder is malformed
    Io,              ///< a file could not be read or written
    Device,          ///< the requested device cannot be used (or ran out of memory)
    Diverged,        ///< training produced a NaN or infinite loss
    Backend,         ///< LibTorch or OpenCV failed in a way we did not foresee
    Distributed,     ///< a data-parallel run lost a rank (it died, hung or could not be reached)
};

/// Where a problem happened. Every field is optional; the ones that are set appear in what().
struct ErrorContext {
    std::string file;                  ///< file or folder the problem is in
    std::optional<std::int64_t> index; ///< record/sample index inside `file`
    std::optional<int> layerIndex;     ///< 0-based layer index in a model spec
    std::string shapes;                ///< tensor or image shapes involved, e.g. "3x32x32 vs 1x28x28"
};

/// The one error type the engine throws. LibTorch (`c10::Error`) and OpenCV (`cv::Exception`)
/// failures are converted to it at the engine's edge, so front ends catch exactly this.
class Error : public std::runtime_error {
public:
    Error(ErrorCode code, std::string message, ErrorContext context = {});

    [[nodiscard]] ErrorCode code() const noexcept { return m_code; }
    /// The sentence without the context, e.g. "label 10 is out of range 0..9".
    [[nodiscard]] const std::string& message() const noexcept { return m_message; }
    [[nodiscard]] const ErrorContext& context() const noexcept { return m_context; }

private:
    ErrorCode m_code;
    std::string m_message;
    ErrorContext m_context;
};

} // namespace cnnwb::engine
