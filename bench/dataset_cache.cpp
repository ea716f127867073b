// Opening an ImageFolder dataset with and without the decoded-image cache, in one process:
//   bench_dataset_cache DATA_DIR [ROUNDS]
// The cache goes to a fresh temporary folder (CNNWB_CACHE_DIR), so the first load always decodes
// every image (and writes the cache); the next ROUNDS loads (default 3) read the cache. Prints
// both times, their ratio, and whether the cached pixels and labels equal the decoded ones.

#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/data/dataset.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace {

using namespace cnnwb;

double secondsToLoad(const std::filesystem::path& folder, engine::Dataset& out)
{
    const auto start = std::chrono::steady_clock::now();
    out = engine::Dataset::load(folder);
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

bool sameData(const engine::Dataset& a, const engine::Dataset& b)
{
    for (const engine::Split split : {engine::Split::Train, engine::Split::Test})
        if (!std::ranges::equal(a.pixels(split), b.pixels(split))
            || !std::ranges::equal(a.labels(split), b.labels(split)))
            return false;
    return true;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s DATA_DIR [ROUNDS]\n", argv[0]);
        return 2;
    }
    const std::filesystem::path folder = argv[1];
    const int rounds = argc > 2 ? std::max(1, std::atoi(argv[2])) : 3;
    std::string cacheDir = (std::filesystem::temp_directory_path() / "cnnwb-bench-cache-XXXXXX").string();
    if (::mkdtemp(cacheDir.data()) == nullptr) {
        std::perror("mkdtemp");
        return 1;
    }
    ::setenv("CNNWB_CACHE_DIR", cacheDir.c_str(), 1);
    int status = 0;
    try {
        engine::Dataset decoded(nullptr);
        const double decodeSeconds = secondsToLoad(folder, decoded);
        if (decoded.info().format != engine::DatasetFormat::ImageFolder)
            std::printf("note: %s is not an ImageFolder dataset; only ImageFolder loads use the cache\n", argv[1]);
        std::vector<double> cachedSeconds;
        bool same = true;
        for (int i = 0; i < rounds; ++i) {
            engine::Dataset cached(nullptr);
            cachedSeconds.push_back(secondsToLoad(folder, cached));
            same = same && sameData(cached, decoded);
        }
        std::sort(cachedSeconds.begin(), cachedSeconds.end());
        const double median = cachedSeconds[cachedSeconds.size() / 2];
        std::printf("%lld images: first load (decode + write cache) %.2f s, cached load median of %d %.3f s "
                    "(min %.3f, max %.3f): %.0fx faster; identical: %s\n",
            static_cast<long long>(decoded.size(engine::Split::Train) + decoded.size(engine::Split::Test)),
            decodeSeconds, rounds, median, cachedSeconds.front(), cachedSeconds.back(), decodeSeconds / median,
            same ? "yes" : "NO");
        status = same ? 0 : 1;
    } catch (const engine::Error& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        status = 2;
    }
    std::filesystem::remove_all(cacheDir);
    return status;
}
