#pragma once

#include "data/dataset_data.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace cnnwb::engine {

/// One image file of an ImageFolder listing and the label its class folder gives it.
struct LabelledFile {
    std::filesystem::path file;
    std::int64_t label = 0;
};

/// The decoded-image cache of one ImageFolder dataset: both splits as written by the decoder
/// (uint8 planar C x H x W, int64 labels) in one file under datasetCacheDir(), so that opening the
/// same folder again reads one file instead of decoding every JPEG/PNG.
///
/// The file is named by a hash of the folder's canonical path, the shape and the resize policy
/// (one file per input size tried) and carries a signature of the
/// listing: shape, class names and, for every sample, its relative path, size, modification time
/// (ns) and label. Any change to the folder that touches one of those makes the signature differ,
/// and the cache is decoded afresh and rewritten. A cache file that is absent, stale, truncated or
/// damaged (a checksum covers all of it) is never an error: loading just decodes.
/// Format: docs/datasets.md, "Decoded-image cache".
class ImageCache {
public:
    /// Signs the listing (one stat() per file). `info` must already hold the shape and class names.
    ImageCache(const std::filesystem::path& root, const DatasetInfo& info, const std::vector<LabelledFile>& train,
        const std::vector<LabelledFile>& test);

    /// The cache file this dataset uses (it may not exist).
    [[nodiscard]] const std::filesystem::path& file() const noexcept { return m_file; }

    /// Fills the splits of `data` (whose info is set) from the cache when it was written for exactly
    /// this listing, and logs "loaded ... from the decoded-image cache". Returns false, logging why
    /// at debug/info level and leaving the splits empty, when the cache is absent, stale or damaged.
    [[nodiscard]] bool read(Dataset::Data& data) const;

    /// Writes `data` (decoded from this listing) atomically. A failure (read-only or full disk)
    /// only logs a warning: the cache is an optimisation, never a reason for loading to fail.
    void write(const Dataset::Data& data) const noexcept;

private:
    /// The header this listing writes; a cache is used only when its stored header is identical.
    [[nodiscard]] std::string header() const;
    /// Reads everything after opening; returns why the cache cannot be used, or "" on success.
    [[nodiscard]] std::string readFrom(int fd, Dataset::Data& data) const;

    std::filesystem::path m_file;
    std::string m_root; ///< canonical root, stored in the file: two roots never share one cache
    /// Unset when a listed file could not be stat'ed: then nothing is read or written, and
    /// decoding reports the file.
    std::optional<std::uint64_t> m_signature;
    ImageShape m_shape;
    std::string m_resize; ///< resizePolicyName(): the same shape by another policy is other pixels
    std::vector<std::string> m_classNames;
    std::int64_t m_trainCount = 0;
    std::int64_t m_testCount = 0;
};

} // namespace cnnwb::engine
