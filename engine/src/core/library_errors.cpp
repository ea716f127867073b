#include "core/library_errors.h"

#include <ATen/DeviceAccelerator.h>
#include <c10/util/Exception.h>
#include <opencv2/core.hpp>
#include <torch/cuda.h>

namespace cnnwb::engine {
namespace {

std::string prefixed(const LibraryFailure& failure, const char* library, const std::string& text)
{
    return (failure.doing.empty() ? std::string(library) : failure.doing) + ": " + conciseLibraryMessage(text);
}

} // namespace

std::string conciseLibraryMessage(std::string_view text)
{
    while (!text.empty() && (text.front() == '\n' || text.front() == ' '))
        text.remove_prefix(1);
    bool cut = false;
    if (const std::size_t end = text.find('\n'); end != std::string_view::npos) {
        cut = text.find_first_not_of(" \n\r\t", end) != std::string_view::npos;
        text = text.substr(0, end);
    }
    while (!text.empty() && (text.back() == '\r' || text.back() == ' ' || text.back() == ':'))
        text.remove_suffix(1);
    if (text.size() > kMaxLibraryMessage) {
        std::size_t end = kMaxLibraryMessage;
        while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) // inside a UTF-8 character
            --end;
        text = text.substr(0, end);
        cut = true;
    }
    return std::string(text) + (cut ? " …" : "");
}

Error toEngineError(const std::exception_ptr& error, const LibraryFailure& failure)
{
    try {
        std::rethrow_exception(error);
    } catch (const Error& e) {
        return e;
    } catch (const c10::OutOfMemoryError& e) {
        if (torch::cuda::is_available())
            at::accelerator::emptyCache();
        return {ErrorCode::Device,
            "out of GPU memory; " + failure.outOfMemoryAdvice + ". "
                + conciseLibraryMessage(e.what_without_backtrace()),
            failure.context};
    } catch (const c10::Error& e) {
        return {ErrorCode::Backend, prefixed(failure, "LibTorch", e.what_without_backtrace()), failure.context};
    } catch (const cv::Exception& e) {
        return {ErrorCode::Backend, prefixed(failure, "OpenCV", e.what()), failure.context};
    } catch (const std::exception& e) {
        const std::string text = conciseLibraryMessage(e.what());
        return {ErrorCode::Backend, failure.doing.empty() ? text : failure.doing + ": " + text, failure.context};
    }
}

} // namespace cnnwb::engine
