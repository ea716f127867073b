#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cnnwb::engine {

/// Width x height of the images a network receives.
struct ImageSize {
    int width = 0;
    int height = 0;

    [[nodiscard]] bool empty() const noexcept { return width <= 0 || height <= 0; }
    /// "64" when square, else "64x48" (width first, as photo sizes are written).
    [[nodiscard]] std::string toString() const;
    friend bool operator==(const ImageSize&, const ImageSize&) = default;
};

/// Reads "64" (square) or "64x48" (width x height); nothing for anything else, a size below 1 or
/// above kMaxInputSide included.
[[nodiscard]] std::optional<ImageSize> parseImageSize(std::string_view text);

/// The largest side an input size may have: 4096 px is far beyond any network a student trains.
inline constexpr int kMaxInputSide = 4096;
/// The square side photos of differing sizes are brought to unless the experiment says otherwise:
/// small enough to train on a laptop's CPU, large enough to tell a cat from a dog.
inline constexpr int kDefaultPhotoSide = 64;

/// How an image of another size becomes the input size.
enum class ResizePolicy {
    CenterCrop, ///< scale the shorter side to fit, then cut the centre (torchvision's Resize + CenterCrop)
    Letterbox,  ///< scale the longer side to fit, then pad with black to the size (nothing is cut)
    Stretch,    ///< scale each side on its own (the picture is distorted)
};
[[nodiscard]] std::string_view resizePolicyName(ResizePolicy policy) noexcept; ///< "crop", "pad", "stretch"
bool parseResizePolicy(std::string_view name, ResizePolicy& policy) noexcept;

/// How many channels a dataset's images get.
enum class ColorMode {
    Auto, ///< RGB unless every image is stored gray
    Gray,
    Rgb,
};
[[nodiscard]] std::string_view colorModeName(ColorMode mode) noexcept; ///< "auto", "gray", "rgb"
bool parseColorMode(std::string_view name, ColorMode& mode) noexcept;

/// How images are read from the memory or from their files during training.
enum class LoaderKind {
    Auto,   ///< in memory when the decoded dataset fits the memory budget, else streamed
    Memory, ///< decode everything once, up front
    Stream, ///< decode, resize and augment each batch from the files, on worker threads
};
[[nodiscard]] std::string_view loaderKindName(LoaderKind kind) noexcept; ///< "auto", "memory", "stream"
bool parseLoaderKind(std::string_view name, LoaderKind& kind) noexcept;

/// How a folder of images becomes a dataset: part of an experiment ("data" in its file), so the
/// same files become the same tensors on every run and machine.
struct DataOptions {
    ImageSize inputSize; ///< empty = automatic (DatasetInfo::sizeChoice says which)
    ResizePolicy resize = ResizePolicy::CenterCrop;
    ColorMode color = ColorMode::Auto;
    /// Share of every class held out as the test split of a folder that has no test/ folder.
    double testShare = 0.2;
    std::uint64_t splitSeed = 0; ///< which images testShare holds out
    /// An image that cannot be decoded (damaged, empty, too large) is left out and listed; false
    /// makes it an error that stops loading.
    bool skipUnreadable = true;
    LoaderKind loader = LoaderKind::Auto;
    /// Bytes the decoded dataset may take in memory before Auto streams it; 0 = defaultMemoryBudget().
    std::uint64_t memoryBudget = 0;

    friend bool operator==(const DataOptions&, const DataOptions&) = default;
};

/// A quarter of the memory the engine may use (memoryBudgetBytes(): the machine's, or the container's limit):
/// what Auto lets a decoded dataset take, leaving the rest to the model, the batches and the window.
[[nodiscard]] std::uint64_t defaultMemoryBudget() noexcept;
/// options.memoryBudget, or the default when it is 0.
[[nodiscard]] std::uint64_t memoryBudgetOf(const DataOptions& options) noexcept;

} // namespace cnnwb::engine
