#include "fuzz_support.h"

#include "cnnwb/engine/data/dataset.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <optional>

namespace cnnwb::fuzz {
namespace {

bool verbose()
{
    static const bool on = std::getenv("CNNWB_FUZZ_VERBOSE") != nullptr;
    return on;
}

void checkLoad(const engine::Dataset& data, const std::optional<engine::DatasetInfo>& inspected)
{
    const engine::DatasetInfo& info = data.info();
    // What inspect() promises: load()'s info without decoding (the GUI shows it before loading).
    check(inspected.has_value(), "inspect succeeds where load does");
    check(inspected->format == info.format && inspected->name == info.name, "inspect: same format and name");
    check(inspected->shape == info.shape, "inspect: same shape");
    check(inspected->classNames == info.classNames, "inspect: same classes");
    check(inspected->trainCount == info.trainCount && inspected->testCount == info.testCount, "inspect: same counts");
    const auto perImage = static_cast<std::size_t>(info.shape.elementCount());
    const auto classes = static_cast<std::int64_t>(info.classNames.size());
    for (const engine::Split split : {engine::Split::Train, engine::Split::Test}) {
        check(data.labels(split).size() == static_cast<std::size_t>(data.size(split)), "one label per image");
        check(data.pixels(split).size() == data.labels(split).size() * perImage, "pixels match the shape");
        for (const std::int64_t label : data.labels(split))
            check(label >= 0 && label < classes, "every label names a class");
    }
}

} // namespace

void quietUnlessVerbose()
{
    static const bool done = [] {
        if (!verbose())
            spdlog::set_level(spdlog::level::off);
        return true;
    }();
    (void)done;
}

void expected(const engine::Error& error)
{
    if (verbose())
        std::fprintf(stderr, "engine::Error (expected): %s\n", error.what());
}

void check(bool condition, const char* what)
{
    if (!condition) {
        std::fprintf(stderr, "fuzz check failed: %s\n", what);
        std::abort();
    }
}

std::span<const std::uint8_t> takeChunk(std::span<const std::uint8_t>& rest, int lengthBytes)
{
    std::size_t length = 0;
    for (int i = 0; i < lengthBytes && !rest.empty(); ++i) {
        length |= std::size_t{rest.front()} << (8 * i);
        rest = rest.subspan(1);
    }
    length = std::min(length, rest.size());
    const std::span<const std::uint8_t> chunk = rest.first(length);
    rest = rest.subspan(length);
    return chunk;
}

void put(engine::InMemoryFolder& folder, const std::string& name, std::span<const std::uint8_t> bytes)
{
    folder.files[name].assign(bytes.begin(), bytes.end());
}

void loadFolder(const engine::InMemoryFolder& folder)
{
    quietUnlessVerbose();
    std::optional<engine::DatasetInfo> inspected;
    try {
        inspected = engine::Dataset::inspect(folder);
    } catch (const engine::Error& e) {
        expected(e);
    }
    try {
        checkLoad(engine::Dataset::load(folder), inspected);
    } catch (const engine::Error& e) {
        expected(e);
    }
}

} // namespace cnnwb::fuzz
