#include "core/memory_budget.h"

#include "cnnwb/engine/core/number_text.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>

namespace cnnwb::engine {
namespace {

std::int64_t physicalMemory()
{
    const long pages = ::sysconf(_SC_PHYS_PAGES);
    const long pageSize = ::sysconf(_SC_PAGESIZE);
    return pages > 0 && pageSize > 0 ? std::int64_t{pages} * pageSize : std::numeric_limits<std::int64_t>::max();
}

// A container's memory limit (cgroup v2, then v1); "max" or a v1 "no limit" reads as none.
std::int64_t cgroupLimit()
{
    for (const char* file : {"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"}) {
        std::ifstream in(file);
        long long value = 0;
        if (in >> value && value > 0)
            return value;
    }
    return std::numeric_limits<std::int64_t>::max();
}

} // namespace

std::int64_t memoryBudgetBytes()
{
    if (const char* text = std::getenv("CNNWB_MEMORY_BUDGET_MB"); text != nullptr && *text != '\0') {
        char* end = nullptr;
        const long long mb = std::strtoll(text, &end, 10);
        if (end != text && *end == '\0' && mb > 0 && mb < (std::numeric_limits<std::int64_t>::max() >> 20))
            return mb << 20;
    }
    return std::min(physicalMemory(), cgroupLimit());
}

std::string describeBytes(std::int64_t bytes)
{
    constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;
    if (bytes >= (std::int64_t{1024} << 30)) // past a TiB, whole MiB with separators read best
        return groupedDigits(bytes >> 20) + " MiB";
    char text[32];
    if (bytes >= (std::int64_t{1} << 30))
        std::snprintf(text, sizeof text, "%.1f GiB", static_cast<double>(bytes) / kGiB);
    else
        std::snprintf(text, sizeof text, "%.0f MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
    return text;
}

void checkMemoryBudget(
    std::int64_t bytes, const std::string& what, ErrorCode code, const ErrorContext& context, const std::string& advice)
{
    const std::int64_t budget = memoryBudgetBytes();
    if (bytes <= budget)
        return;
    const bool set = std::getenv("CNNWB_MEMORY_BUDGET_MB") != nullptr;
    throw Error(code,
        what + " needs about " + describeBytes(bytes) + ", more than the memory budget of " + describeBytes(budget)
            + (set ? " (CNNWB_MEMORY_BUDGET_MB)" : " (this machine's memory; CNNWB_MEMORY_BUDGET_MB sets another)")
            + (advice.empty() ? "" : "; " + advice),
        context);
}

} // namespace cnnwb::engine
