#include "cnnwb/engine/augment/normalization.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>

namespace cnnwb::engine {
namespace {

Normalization make(const char* name, std::array<double, 3> mean, std::array<double, 3> std)
{
    Normalization n;
    n.preset = name;
    n.mean = mean;
    n.std = std;
    return n;
}

// The per-channel statistics that the PyTorch examples and torchvision's references quote.
const std::map<std::string, Normalization, std::less<>>& presets()
{
    static const std::map<std::string, Normalization, std::less<>> table = {
        {"half", make("half", {0.5, 0.5, 0.5}, {0.5, 0.5, 0.5})},
        {"cifar10", make("cifar10", {0.4914, 0.4822, 0.4465}, {0.2470, 0.2435, 0.2616})},
        {"cifar100", make("cifar100", {0.5071, 0.4865, 0.4409}, {0.2673, 0.2564, 0.2762})},
        {"mnist", make("mnist", {0.1307, 0.1307, 0.1307}, {0.3081, 0.3081, 0.3081})},
        {"fashion-mnist", make("fashion-mnist", {0.2860, 0.2860, 0.2860}, {0.3530, 0.3530, 0.3530})},
        {"imagenet", make("imagenet", {0.485, 0.456, 0.406}, {0.229, 0.224, 0.225})},
    };
    return table;
}

std::string lower(std::string_view text)
{
    std::string result(text);
    std::transform(result.begin(), result.end(), result.begin(), [](unsigned char c) { return std::tolower(c); });
    return result;
}

} // namespace

std::array<float, 3> Normalization::scale() const noexcept
{
    std::array<float, 3> result{};
    for (std::size_t c = 0; c < 3; ++c)
        result[c] = enabled ? static_cast<float>(1.0 / (255.0 * std[c])) : static_cast<float>(1.0 / 255.0);
    return result;
}

std::array<float, 3> Normalization::offset() const noexcept
{
    std::array<float, 3> result{};
    for (std::size_t c = 0; c < 3; ++c)
        result[c] = enabled ? static_cast<float>(-mean[c] / std[c]) : 0.0F;
    return result;
}

std::uint8_t Normalization::toPixel(float value, int channel) const noexcept
{
    const auto c = static_cast<std::size_t>(std::clamp(channel, 0, 2));
    const double unit = enabled ? value * std[c] + mean[c] : value;
    return static_cast<std::uint8_t>(std::clamp(std::lround(unit * 255.0), 0L, 255L));
}

const std::vector<std::string>& normalizationPresetNames()
{
    static const std::vector<std::string> names = {"half", "cifar10", "cifar100", "mnist", "fashion-mnist", "imagenet"};
    return names;
}

std::optional<Normalization> normalizationPreset(std::string_view name)
{
    const auto it = presets().find(name);
    if (it == presets().end())
        return std::nullopt;
    return it->second;
}

std::string suggestedNormalizationPreset(std::string_view datasetName)
{
    const std::string name = lower(datasetName);
    if (name.find("fashion") != std::string::npos)
        return "fashion-mnist";
    if (name.find("mnist") != std::string::npos)
        return "mnist";
    if (name.find("cifar-100") != std::string::npos || name.find("cifar100") != std::string::npos)
        return "cifar100";
    if (name.find("cifar") != std::string::npos)
        return "cifar10";
    return "half";
}

Normalization computeNormalization(std::span<const std::uint8_t> pixels, int channels, int height, int width)
{
    Normalization n;
    n.preset = "custom";
    const auto plane = static_cast<std::size_t>(height) * static_cast<std::size_t>(width);
    const std::size_t perImage = plane * static_cast<std::size_t>(channels);
    if (perImage == 0 || pixels.size() < perImage)
        return n;
    const std::size_t images = pixels.size() / perImage;
    for (int c = 0; c < std::min(channels, 3); ++c) {
        // Integer sums are exact; 60,000 x 1,024 x 255^2 fits easily in 64 bits.
        std::uint64_t sum = 0;
        std::uint64_t squares = 0;
        for (std::size_t i = 0; i < images; ++i) {
            const std::uint8_t* p = pixels.data() + i * perImage + static_cast<std::size_t>(c) * plane;
            for (std::size_t k = 0; k < plane; ++k) {
                sum += p[k];
                squares += static_cast<std::uint64_t>(p[k]) * p[k];
            }
        }
        const double count = static_cast<double>(images * plane);
        const double mean = static_cast<double>(sum) / count / 255.0;
        const double variance = static_cast<double>(squares) / count / (255.0 * 255.0) - mean * mean;
        n.mean[static_cast<std::size_t>(c)] = mean;
        n.std[static_cast<std::size_t>(c)] = std::max(1e-6, std::sqrt(std::max(0.0, variance)));
    }
    if (channels == 1) {
        n.mean = {n.mean[0], n.mean[0], n.mean[0]};
        n.std = {n.std[0], n.std[0], n.std[0]};
    }
    return n;
}

std::string describe(const Normalization& normalization, int channels)
{
    if (!normalization.enabled)
        return "off";
    const auto list = [&](const std::array<double, 3>& values) {
        std::string text;
        for (int c = 0; c < std::clamp(channels, 1, 3); ++c) {
            char buffer[32];
            std::snprintf(buffer, sizeof buffer, "%s%.4f", c == 0 ? "" : ", ", values[static_cast<std::size_t>(c)]);
            text += buffer;
        }
        return "(" + text + ")";
    };
    return "mean " + list(normalization.mean) + ", std " + list(normalization.std);
}

} // namespace cnnwb::engine
