#include "cnnwb/engine/augmentation.h"

#include <algorithm>

namespace cnnwb::engine {
namespace {

// SplitMix64: a tiny, high-quality stream per sample, so no state is shared between threads.
class SampleRandom {
public:
    explicit SampleRandom(std::uint64_t seed)
        : m_state(seed)
    {
    }
    std::uint64_t next() noexcept
    {
        std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    double uniform() noexcept { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    int between(int lo, int hi) noexcept // inclusive
    {
        return lo + static_cast<int>(next() % static_cast<std::uint64_t>(hi - lo + 1));
    }

private:
    std::uint64_t m_state;
};

int reflectIndex(int i, int size) noexcept
{
    // PyTorch/NumPy "reflect": -1 -> 1, size -> size - 2.
    if (size == 1)
        return 0;
    while (i < 0 || i >= size)
        i = i < 0 ? -i : 2 * (size - 1) - i;
    return i;
}

} // namespace

std::uint64_t sampleSeed(std::uint64_t seed, int epoch, std::int64_t sampleIndex) noexcept
{
    SampleRandom mix(seed ^ (static_cast<std::uint64_t>(epoch) << 40) ^ static_cast<std::uint64_t>(sampleIndex));
    return mix.next();
}

void augmentImage(const std::uint8_t* image, const ImageShape& shape, const AugmentationSpec& spec, std::uint64_t seed,
    float* out) noexcept
{
    SampleRandom random(seed);
    // Decide every op first, in a fixed order, so each decision uses the same draws whatever is on.
    int dy = 0;
    int dx = 0;
    const bool crop = spec.crop.enabled && random.uniform() < spec.crop.probability;
    const int pad = std::max(0, spec.crop.padding);
    const int cropY = random.between(0, 2 * pad);
    const int cropX = random.between(0, 2 * pad);
    if (crop) {
        dy = cropY - pad; // output (y, x) reads input (y + dy, x + dx) of the unpadded image
        dx = cropX - pad;
    }
    const bool flipX = spec.horizontalFlip.enabled && random.uniform() < spec.horizontalFlip.probability;
    const bool flipY = spec.verticalFlip.enabled && random.uniform() < spec.verticalFlip.probability;

    const int h = shape.height;
    const int w = shape.width;
    for (int c = 0; c < shape.channels; ++c) {
        const std::uint8_t* plane = image + static_cast<std::ptrdiff_t>(c) * h * w;
        float* target = out + static_cast<std::ptrdiff_t>(c) * h * w;
        for (int y = 0; y < h; ++y) {
            int sy = (flipY ? h - 1 - y : y) + dy;
            const bool rowInside = sy >= 0 && sy < h;
            if (!rowInside && spec.crop.reflect)
                sy = reflectIndex(sy, h);
            for (int x = 0; x < w; ++x) {
                int sx = (flipX ? w - 1 - x : x) + dx;
                float value = -1.0F; // a zero pixel, normalized
                if (spec.crop.reflect) {
                    value = static_cast<float>(plane[reflectIndex(sy, h) * w + reflectIndex(sx, w)]) / 127.5F - 1.0F;
                } else if (rowInside && sx >= 0 && sx < w) {
                    value = static_cast<float>(plane[sy * w + sx]) / 127.5F - 1.0F;
                }
                target[y * w + x] = value;
            }
        }
    }
}

std::string describe(const AugmentationSpec& spec)
{
    std::string text;
    auto add = [&](const std::string& part) { text += (text.empty() ? "" : "+") + part; };
    if (spec.crop.enabled)
        add("crop(" + std::to_string(spec.crop.padding) + (spec.crop.reflect ? ", reflect)" : ")"));
    if (spec.horizontalFlip.enabled)
        add("hflip");
    if (spec.verticalFlip.enabled)
        add("vflip");
    return text.empty() ? "none" : text;
}

} // namespace cnnwb::engine
