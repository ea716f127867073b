#pragma once

#include "cnnwb/engine/data/in_memory_folder.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cnnwb::engine {

/// Where the dataset readers take their files from: the file system, or an InMemoryFolder. The
/// readers see only this, so a fuzzer feeds them bytes at memory speed through the same code that
/// reads a user's folder. Every failure is an Error naming the path.
class FileSource {
public:
    enum class Kind { Missing, File, Folder };
    struct Entry {
        std::string name;
        Kind kind = Kind::Missing;
    };

    virtual ~FileSource() = default;

    /// What `path` is; a symbolic link counts as what it points to.
    [[nodiscard]] virtual Kind kind(const std::filesystem::path& path) const = 0;
    [[nodiscard]] bool isFile(const std::filesystem::path& path) const { return kind(path) == Kind::File; }
    [[nodiscard]] bool isFolder(const std::filesystem::path& path) const { return kind(path) == Kind::Folder; }
    /// The entries of a folder, in no particular order; hidden ones included.
    [[nodiscard]] virtual std::vector<Entry> list(const std::filesystem::path& folder) const = 0;
    /// A file's size in bytes; nothing when it is not a readable file.
    [[nodiscard]] virtual std::optional<std::uint64_t> size(const std::filesystem::path& file) const = 0;
    /// At most the first `maxBytes` bytes of a file.
    [[nodiscard]] virtual std::vector<std::uint8_t> read(
        const std::filesystem::path& file, std::size_t maxBytes) const = 0;
    /// Equal for two paths of one folder (a link and its target), so that a walk enters it once.
    [[nodiscard]] virtual std::string folderKey(const std::filesystem::path& folder) const = 0;
    /// Whether the files are on disk, where the decoded-image cache may sign and keep them.
    [[nodiscard]] virtual bool onDisk() const noexcept = 0;
};

/// The file system.
[[nodiscard]] const FileSource& diskFiles();

/// An InMemoryFolder as a source whose root path is the folder's name. Keeps a reference.
class MemoryFiles final : public FileSource {
public:
    explicit MemoryFiles(const InMemoryFolder& folder);
    [[nodiscard]] std::filesystem::path root() const { return m_folder.name; }

    [[nodiscard]] Kind kind(const std::filesystem::path& path) const override;
    [[nodiscard]] std::vector<Entry> list(const std::filesystem::path& folder) const override;
    [[nodiscard]] std::optional<std::uint64_t> size(const std::filesystem::path& file) const override;
    [[nodiscard]] std::vector<std::uint8_t> read(
        const std::filesystem::path& file, std::size_t maxBytes) const override;
    [[nodiscard]] std::string folderKey(const std::filesystem::path& folder) const override;
    [[nodiscard]] bool onDisk() const noexcept override { return false; }

private:
    /// `path` below the root as the folder's keys spell it ("" for the root itself); nothing when
    /// it is outside the root. A view of `path` itself when it is already normal, as the readers'
    /// own paths are; otherwise built in `scratch`, which must outlive the view.
    [[nodiscard]] std::optional<std::string_view> relative(std::string_view path, std::string& scratch) const;

    struct Lookup {
        Kind kind;
        std::string_view key;                   // relative(path), when inside the root
        const std::vector<std::uint8_t>* bytes; // a file's
    };
    /// What `path` names, found with one normalisation and two searches of the map; `key` may
    /// view `path` or `scratch`.
    [[nodiscard]] Lookup lookup(const std::filesystem::path& path, std::string& scratch) const;

    const InMemoryFolder& m_folder;
    std::vector<std::string_view> m_rootParts; // m_folder.name, normalised
    bool m_plainRoot;                          // m_folder.name is already normal: paths are compared as text
};

/// A whole file (gunzipped when its name ends in ".gz"). A file, or inflated stream, larger than
/// `expectedBytes` when given is refused as soon as that much is read: a small gzip file can
/// declare a few images and inflate to gigabytes. Without it the memory budget bounds the size.
[[nodiscard]] std::vector<std::uint8_t> readWholeFile(
    const FileSource& files, const std::filesystem::path& file, std::optional<std::size_t> expectedBytes = {});

/// At most the first `count` bytes of a file (gunzipped for ".gz"): enough for a header.
[[nodiscard]] std::vector<std::uint8_t> readFileHead(
    const FileSource& files, const std::filesystem::path& file, std::size_t count);

} // namespace cnnwb::engine
