#pragma once

#include "cnnwb/engine/data/dataset_info.h"
#include "cnnwb/engine/data/in_memory_folder.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <vector>

namespace cnnwb::engine {

/// Which part of a dataset.
enum class Split { Train, Test };

/// A dataset decoded into memory: uint8 pixels in planar C x H x W order, one int64 label each.
/// Cheap to copy (the pixels are shared and immutable).
class Dataset {
public:
    /// Detects the format of `folder` and loads both splits as `options` say: the input size,
    /// colour and resize policy, the test share of a folder without a test split, what happens to
    /// an unreadable image, and whether the images are decoded now or streamed from their files.
    /// Throws Error (InvalidData / Io) naming the offending file.
    [[nodiscard]] static Dataset load(const std::filesystem::path& folder, const DataOptions& options = {});

    /// What load() would give, without decoding pixels: names, counts, shape, split. Reads names
    /// and a few image headers only, so it is fast enough for a GUI thread. Throws like load().
    [[nodiscard]] static DatasetInfo inspect(const std::filesystem::path& folder, const DataOptions& options = {});

    /// load() and inspect() of files held in memory, read by the same readers (no decoded-image
    /// cache and no streaming: those are for folders on disk).
    [[nodiscard]] static Dataset load(const InMemoryFolder& folder, const DataOptions& options = {});
    [[nodiscard]] static DatasetInfo inspect(const InMemoryFolder& folder, const DataOptions& options = {});

    [[nodiscard]] const DatasetInfo& info() const noexcept;
    [[nodiscard]] std::int64_t size(Split split) const noexcept;
    /// All images of a split, back to back: size(split) * info().shape.elementCount() bytes.
    /// Empty when the dataset is streamed (info().streamed): readImage() works for both.
    [[nodiscard]] std::span<const std::uint8_t> pixels(Split split) const noexcept;
    /// Image `index` of a split (planar C x H x W, info().shape) into `out`: copied, or decoded
    /// from its file when streamed. Throws Error naming a file that cannot be decoded any more.
    void readImage(Split split, std::int64_t index, std::uint8_t* out) const;
    [[nodiscard]] std::vector<std::uint8_t> image(Split split, std::int64_t index) const;
    [[nodiscard]] std::span<const std::int64_t> labels(Split split) const noexcept;

    /// A dataset whose test split is `fraction` of this one's train split, held out per class
    /// (each class keeps its share) by a seeded shuffle, and whose train split is the rest. The same
    /// fraction and seed always pick the same images, on any machine.
    [[nodiscard]] Dataset holdOutValidation(double fraction, std::uint64_t seed) const;

    struct Data; // the decoded arrays; complete only inside the engine's sources
    explicit Dataset(std::shared_ptr<const Data> data);
    /// For the engine's own sources (the trainer), which see Data complete.
    [[nodiscard]] const Data& data() const noexcept;

private:
    std::shared_ptr<const Data> m_data;
};

} // namespace cnnwb::engine
