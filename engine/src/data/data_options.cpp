#include "cnnwb/engine/data/data_options.h"

#include "core/memory_budget.h"

#include <array>
#include <charconv>
#include <utility>

namespace cnnwb::engine {
namespace {

template <typename Kind, std::size_t N>
bool parseName(const std::array<std::pair<std::string_view, Kind>, N>& names, std::string_view name, Kind& kind)
{
    for (const auto& [text, value] : names)
        if (text == name) {
            kind = value;
            return true;
        }
    return false;
}

template <typename Kind, std::size_t N>
std::string_view nameOf(const std::array<std::pair<std::string_view, Kind>, N>& names, Kind kind)
{
    for (const auto& [text, value] : names)
        if (value == kind)
            return text;
    return names.front().first;
}

constexpr std::array<std::pair<std::string_view, ResizePolicy>, 3> kResizeNames
    = {{{"crop", ResizePolicy::CenterCrop}, {"pad", ResizePolicy::Letterbox}, {"stretch", ResizePolicy::Stretch}}};
constexpr std::array<std::pair<std::string_view, ColorMode>, 3> kColorNames
    = {{{"auto", ColorMode::Auto}, {"gray", ColorMode::Gray}, {"rgb", ColorMode::Rgb}}};
constexpr std::array<std::pair<std::string_view, LoaderKind>, 3> kLoaderNames
    = {{{"auto", LoaderKind::Auto}, {"memory", LoaderKind::Memory}, {"stream", LoaderKind::Stream}}};

std::optional<int> side(std::string_view text)
{
    int value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value < 1 || value > kMaxInputSide)
        return std::nullopt;
    return value;
}

} // namespace

std::string ImageSize::toString() const
{
    return width == height ? std::to_string(width) : std::to_string(width) + "x" + std::to_string(height);
}

std::optional<ImageSize> parseImageSize(std::string_view text)
{
    const std::size_t x = text.find_first_of("xX");
    const std::optional<int> width = side(text.substr(0, x));
    const std::optional<int> height = x == std::string_view::npos ? width : side(text.substr(x + 1));
    if (!width || !height)
        return std::nullopt;
    return ImageSize{*width, *height};
}

std::string_view resizePolicyName(ResizePolicy policy) noexcept
{
    return nameOf(kResizeNames, policy);
}

bool parseResizePolicy(std::string_view name, ResizePolicy& policy) noexcept
{
    return parseName(kResizeNames, name, policy);
}

std::string_view colorModeName(ColorMode mode) noexcept
{
    return nameOf(kColorNames, mode);
}

bool parseColorMode(std::string_view name, ColorMode& mode) noexcept
{
    return parseName(kColorNames, name, mode);
}

std::string_view loaderKindName(LoaderKind kind) noexcept
{
    return nameOf(kLoaderNames, kind);
}

bool parseLoaderKind(std::string_view name, LoaderKind& kind) noexcept
{
    return parseName(kLoaderNames, name, kind);
}

std::uint64_t defaultMemoryBudget() noexcept
{
    return static_cast<std::uint64_t>(memoryBudgetBytes()) / 4;
}

std::uint64_t memoryBudgetOf(const DataOptions& options) noexcept
{
    return options.memoryBudget > 0 ? options.memoryBudget : defaultMemoryBudget();
}

} // namespace cnnwb::engine
