#pragma once

#include "cnnwb/engine/core/error.h"

#include <cstdint>
#include <string>

namespace cnnwb::engine {

/// The most memory one input may make the engine allocate: $CNNWB_MEMORY_BUDGET_MB when set,
/// else the machine's memory (the cgroup's limit in a container, if lower). Checked before any
/// allocation an input sizes (decoded datasets, inflated files, models), so a small hostile or
/// mistaken file is refused with a sentence instead of driving the machine out of memory.
[[nodiscard]] std::int64_t memoryBudgetBytes();

/// "1.5 GiB", "125,656,168 MiB": a size as a person reads it.
[[nodiscard]] std::string describeBytes(std::int64_t bytes);

/// Throws Error(code) when `bytes` exceed the budget: "<what> needs about N, more than the
/// budget of M (…)" plus `advice` when given.
void checkMemoryBudget(std::int64_t bytes, const std::string& what, ErrorCode code, const ErrorContext& context = {},
    const std::string& advice = {});

} // namespace cnnwb::engine
