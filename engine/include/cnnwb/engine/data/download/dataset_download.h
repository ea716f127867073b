#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cnnwb::engine {

/// One file of a downloadable dataset.
struct DownloadFile {
    std::string url;      ///< where it is fetched from (http or https)
    std::string fileName; ///< name on disk (and on a mirror)
    std::string md5;      ///< expected MD5, lower-case hex; empty skips the check
};

/// A dataset the engine knows how to fetch, e.g. from downloadCatalog().
struct DownloadSpec {
    std::string id;          ///< what `cnnwb download` takes: "cifar10", "cifar100", "fashion-mnist"
    std::string displayName; ///< "CIFAR-10"
    std::vector<DownloadFile> files;
    /// True: every file is an archive whose contents (a top folder named `folderName`) are unpacked
    /// into the target folder, then the archive is deleted. False: the files are kept as they are,
    /// inside `folderName`.
    bool extract = false;
    std::string folderName; ///< the folder below the target that Dataset::load takes
};

/// The datasets at their canonical addresses: CIFAR-10 and CIFAR-100 (binary archives from the
/// University of Toronto) and Fashion-MNIST (the four IDX files, kept gzipped).
[[nodiscard]] const std::vector<DownloadSpec>& downloadCatalog();

/// The catalog entry with this id, if any.
[[nodiscard]] std::optional<DownloadSpec> findDownload(std::string_view id);

/// `spec` with every file fetched from `baseUrl` + its file name instead (a mirror, or a test server).
[[nodiscard]] DownloadSpec withMirror(DownloadSpec spec, std::string baseUrl);

/// Where a transfer stands. Reported after every block received and at least every second or so
/// while the connection stalls, so a front end should throttle what it draws.
struct DownloadProgress {
    std::string fileName;
    std::int64_t received = 0; ///< bytes of the file on disk so far, a resumed part included
    std::int64_t total = -1;   ///< the file's size; -1 while unknown
    double bytesPerSecond = 0.0;
};

/// Return false to cancel the download.
using DownloadProgressCallback = std::function<bool(const DownloadProgress&)>;

/// Fetches `spec` into `targetDir` (created if needed) and returns the folder to pass to
/// Dataset::load (targetDir / spec.folderName). Returns at once, without the network, when a
/// previous call completed it (a marker file in that folder records the checksums).
///
/// A transfer is written to "<file>.part"; when that exists from an interrupted run, only the rest
/// is requested (an HTTP Range request), and a server that ignores the range sends it all again.
/// Every file's MD5 is checked. Archives are unpacked into a temporary folder inside `targetDir`
/// and moved into place only when complete; entries that would land outside it (absolute paths,
/// "..", links, device files) are refused.
///
/// Throws Error: Io when the transfer fails, is interrupted (the .part is kept: calling again
/// resumes) or is cancelled; InvalidData for a checksum mismatch (the file is deleted) or an
/// unsafe or broken archive.
std::filesystem::path downloadDataset(
    const DownloadSpec& spec, const std::filesystem::path& targetDir, const DownloadProgressCallback& progress = {});

} // namespace cnnwb::engine
