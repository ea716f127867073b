#pragma once

#include "cnnwb/engine/data/dataset_info.h"
#include "cnnwb/engine/data/in_memory_folder.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>

namespace cnnwb::engine {

/// Which part of a dataset.
enum class Split { Train, Test };

/// A dataset decoded into memory: uint8 pixels in planar C x H x W order, one int64 label each.
/// Cheap to copy (the pixels are shared and immutable).
class Dataset {
public:
    /// Detects the format of `folder` and loads both splits.
    /// Throws Error (InvalidData / Io) naming the offending file.
    [[nodiscard]] static Dataset load(const std::filesystem::path& folder);

    /// What load() would give, without decoding pixels: names, counts, shape. Reads headers and
    /// one image only, so it is fast enough for a GUI thread. Throws like load().
    [[nodiscard]] static DatasetInfo inspect(const std::filesystem::path& folder);

    /// load() and inspect() of files held in memory, read by the same readers (no decoded-image
    /// cache: that is for folders on disk).
    [[nodiscard]] static Dataset load(const InMemoryFolder& folder);
    [[nodiscard]] static DatasetInfo inspect(const InMemoryFolder& folder);

    [[nodiscard]] const DatasetInfo& info() const noexcept;
    [[nodiscard]] std::int64_t size(Split split) const noexcept;
    /// All images of a split, back to back: size(split) * info().shape.elementCount() bytes.
    [[nodiscard]] std::span<const std::uint8_t> pixels(Split split) const noexcept;
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
