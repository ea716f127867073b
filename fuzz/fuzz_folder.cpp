#include "fuzz_folder.h"

#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/data/dataset.h"

#include <spdlog/spdlog.h>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>

namespace cnnwb::fuzz {
namespace {

namespace fs = std::filesystem;

/// CNNWB_FUZZ_VERBOSE=1 keeps the engine's log and prints each expected Error: for replaying one input.
bool verbose()
{
    static const bool on = std::getenv("CNNWB_FUZZ_VERBOSE") != nullptr;
    return on;
}

void expected(const cnnwb::engine::Error& error)
{
    if (verbose())
        std::fprintf(stderr, "engine::Error (expected): %s\n", error.what());
}

fs::path makeScratchFolder()
{
    // Every load logs a line; at thousands of loads a second that is pure cost.
    if (!verbose())
        spdlog::set_level(spdlog::level::off);
    const fs::path base = fs::is_directory("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path();
    fs::path folder = base / ("cnnwb-fuzz-" + std::to_string(::getpid()));
    fs::create_directories(folder);
    static const fs::path removeAtExit = folder;
    std::atexit([] {
        std::error_code ec;
        fs::remove_all(removeAtExit, ec);
    });
    return folder;
}

/// Fails loudly: libFuzzer treats abort() as a crash and saves the input.
void check(bool condition, const char* what)
{
    if (!condition) {
        std::fprintf(stderr, "fuzz check failed: %s\n", what);
        std::abort();
    }
}

} // namespace

const fs::path& emptyScratchFolder()
{
    static const fs::path folder = makeScratchFolder();
    for (const auto& entry : fs::directory_iterator(folder))
        fs::remove_all(entry.path());
    return folder;
}

void writeFile(const fs::path& file, std::span<const std::uint8_t> bytes)
{
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (!out)
        std::abort(); // the harness itself failed (full /dev/shm?): not a finding in the engine
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

void loadFolder(const fs::path& folder)
{
    std::optional<engine::DatasetInfo> inspected;
    try {
        inspected = engine::Dataset::inspect(folder);
    } catch (const engine::Error& e) {
        expected(e);
    }
    try {
        const engine::Dataset data = engine::Dataset::load(folder);
        const engine::DatasetInfo& info = data.info();
        // What inspect() promises: load()'s info without decoding (the GUI shows it before loading).
        check(inspected.has_value(), "inspect succeeds where load does");
        check(inspected->format == info.format && inspected->name == info.name, "inspect: same format and name");
        check(inspected->shape == info.shape, "inspect: same shape");
        check(inspected->classNames == info.classNames, "inspect: same classes");
        check(
            inspected->trainCount == info.trainCount && inspected->testCount == info.testCount, "inspect: same counts");
        const auto perImage = static_cast<std::size_t>(info.shape.elementCount());
        const auto classes = static_cast<std::int64_t>(info.classNames.size());
        for (const engine::Split split : {engine::Split::Train, engine::Split::Test}) {
            check(data.labels(split).size() == static_cast<std::size_t>(data.size(split)), "one label per image");
            check(data.pixels(split).size() == data.labels(split).size() * perImage, "pixels match the shape");
            for (const std::int64_t label : data.labels(split))
                check(label >= 0 && label < classes, "every label names a class");
        }
    } catch (const engine::Error& e) {
        expected(e);
    }
}

} // namespace cnnwb::fuzz
