#include "error_exit.h"

#include "exit_codes.h"

#include "cnnwb/engine/core/error.h"

#include <spdlog/spdlog.h>

#include <exception>
#include <iostream>
#include <new>

namespace cnnwb::app {

int usageError(std::string_view message)
{
    std::cerr << "cnnwb: error: " << message << '\n';
    return kExitUsage;
}

int exitCodeOf(const std::function<int()>& work)
{
    try {
        return work();
    } catch (const engine::Error& e) {
        std::cerr << "cnnwb: error: " << e.what() << '\n';
        spdlog::debug("exit on error: {}", e.what());
        return e.code() == engine::ErrorCode::Backend || e.code() == engine::ErrorCode::Distributed ? kExitFailure
                                                                                                    : kExitUsage;
    } catch (const std::bad_alloc&) {
        // What an input asks for is checked against the memory budget first; this is what slips past.
        std::cerr << "cnnwb: error: ran out of memory; the machine cannot hold what this run asks for (a smaller "
                     "batch, model or dataset, or CNNWB_MEMORY_BUDGET_MB, bounds it)\n";
        return kExitUsage;
    } catch (const std::exception& e) {
        std::cerr << "cnnwb: error: " << e.what() << '\n';
        spdlog::debug("exit on unexpected error: {}", e.what());
        return kExitFailure;
    }
}

} // namespace cnnwb::app
