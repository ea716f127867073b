#include "core/library_errors.h"

#include <ATen/DeviceAccelerator.h>
#include <c10/util/Exception.h>
#include <opencv2/core.hpp>
#include <torch/cuda.h>

namespace cnnwb::engine {
namespace {

std::string prefixed(const LibraryFailure& failure, const char* library, const std::string& text)
{
    return (failure.doing.empty() ? std::string(library) : failure.doing) + ": " + text;
}

} // namespace

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
            "out of GPU memory; " + failure.outOfMemoryAdvice + ". " + e.what_without_backtrace(), failure.context};
    } catch (const c10::Error& e) {
        return {ErrorCode::Backend, prefixed(failure, "LibTorch", e.what_without_backtrace()), failure.context};
    } catch (const cv::Exception& e) {
        return {ErrorCode::Backend, prefixed(failure, "OpenCV", e.what()), failure.context};
    } catch (const std::exception& e) {
        return {ErrorCode::Backend, failure.doing.empty() ? std::string(e.what()) : failure.doing + ": " + e.what(),
            failure.context};
    }
}

} // namespace cnnwb::engine
