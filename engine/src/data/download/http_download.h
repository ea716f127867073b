#pragma once

#include "cnnwb/engine/data/download/dataset_download.h"

#include <filesystem>
#include <string>

namespace cnnwb::engine {

/// How fetchResumable() ended when it did not throw.
enum class FetchOutcome {
    Complete,           ///< the part file now holds the whole resource
    RangeNotSatisfiable ///< the server had nothing after the part's length (HTTP 416): the part may
                        ///< already be complete, or be longer than the file; its checksum decides
};

/// Downloads `url` (http or https, redirects followed) into `partFile`. When `partFile` already
/// holds bytes from an interrupted transfer, only the rest is requested ("Range: bytes=N-") and
/// appended; a server that answers with the whole file (200 instead of 206) gets it written from
/// the start. `progress` sees every received block and may cancel.
///
/// Throws Error(Io) naming the URL: HTTP status >= 400, connection failures, a transfer that
/// ends early ("run again to resume"; the part is kept), a cancel (the part is kept); naming the
/// part file when it cannot be written or is being written by another process.
FetchOutcome fetchResumable(const std::string& url, const std::filesystem::path& partFile, const std::string& fileName,
    const DownloadProgressCallback& progress);

} // namespace cnnwb::engine
