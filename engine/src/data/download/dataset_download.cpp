#include "cnnwb/engine/data/download/dataset_download.h"

#include "core/atomic_file.h"
#include "data/download/archive_extract.h"
#include "data/download/http_download.h"
#include "data/download/md5.h"

#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/core/logging.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <system_error>

namespace cnnwb::engine {
namespace {

namespace fs = std::filesystem;

// Written last, into the dataset's folder; its checksums tie it to the catalog entry, so a
// changed entry (or a mirror serving other files) is fetched again.
constexpr const char* kMarkerName = ".cnnwb-download-ok";

std::string markerText(const DownloadSpec& spec)
{
    std::string text = "cnnwb download " + spec.id + "\n";
    for (const DownloadFile& file : spec.files)
        text += file.md5 + "  " + file.fileName + "\n";
    return text;
}

bool isComplete(const DownloadSpec& spec, const fs::path& folder)
{
    std::ifstream in(folder / kMarkerName, std::ios::binary);
    if (!in)
        return false;
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (text != markerText(spec))
        return false;
    std::error_code ec;
    if (!spec.extract)
        for (const DownloadFile& file : spec.files)
            if (!fs::is_regular_file(folder / file.fileName, ec))
                return false;
    return true;
}

// A name from the spec becomes a path under the target folder: it must stay a single component.
void checkPlainName(const std::string& name, const std::string& what, const std::string& specId)
{
    if (name.empty() || name == "." || name == ".." || name.find('/') != std::string::npos)
        throw Error(ErrorCode::InvalidArgument, "download \"" + specId + "\": bad " + what + " \"" + name + "\"");
}

void removeQuietly(const fs::path& path)
{
    std::error_code ec;
    fs::remove_all(path, ec);
}

// Brings `file` to `destination`, checksum verified, resuming a "<destination>.part" if one is there.
void fetchVerified(const DownloadFile& file, const fs::path& destination, const DownloadProgressCallback& progress)
{
    std::error_code ec;
    if (fs::is_regular_file(destination, ec)) {
        // Downloaded before, but the run did not finish (extraction failed, or a later file did).
        if (file.md5.empty() || md5OfFile(destination) == file.md5)
            return;
        logWarning({"%1 does not match its checksum; downloading it again", {destination.string()}});
        fs::remove(destination, ec);
    }
    fs::path part = destination;
    part += ".part";
    const auto fetch = [&] {
        try {
            return fetchResumable(file.url, part, file.fileName, progress);
        } catch (const Error&) {
            // Keep a part worth resuming; an empty one (a 404, no connection) is only clutter.
            if (fs::file_size(part, ec) == 0 && !ec)
                fs::remove(part, ec);
            throw;
        }
    };
    const FetchOutcome outcome = fetch();
    std::string actual = file.md5.empty() ? std::string() : md5OfFile(part);
    if (outcome == FetchOutcome::RangeNotSatisfiable && actual != file.md5) {
        // The part is at least as long as the file but wrong: only a fresh copy can help.
        fs::remove(part, ec);
        (void)fetch();
        actual = file.md5.empty() ? std::string() : md5OfFile(part);
    }
    if (actual != file.md5) {
        // Resuming a corrupt part would only append to the damage: delete it.
        fs::remove(part, ec);
        throw Error(ErrorCode::InvalidData, "checksum mismatch: expected " + file.md5 + ", got " + actual,
            {destination.string()});
    }
    fs::rename(part, destination, ec);
    if (ec)
        throw Error(ErrorCode::Io, "cannot rename the downloaded file: " + ec.message(), {part.string()});
}

// Unpacks every archive of `spec` (already in `targetDir`) into a staging folder there and moves
// the dataset's folder into place only when all of it is out, so a failure leaves no half folder.
void extractInto(const DownloadSpec& spec, const fs::path& targetDir, const fs::path& folder)
{
    const std::string stagingPrefix = ".cnnwb-extract-" + spec.folderName + "-";
    const fs::path staging = targetDir / (stagingPrefix + std::to_string(::getpid()));
    std::error_code ec;
    // A run killed while unpacking leaves its staging folder (as big as the dataset) behind.
    for (const auto& entry : fs::directory_iterator(targetDir, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind(stagingPrefix, 0) != 0)
            continue;
        const long pid = std::strtol(name.c_str() + stagingPrefix.size(), nullptr, 10);
        if (pid <= 0 || (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH))
            removeQuietly(entry.path());
    }
    removeQuietly(staging);
    fs::create_directories(staging, ec);
    if (ec)
        throw Error(ErrorCode::Io, "cannot create folder: " + ec.message(), {staging.string()});
    struct StagingGuard {
        fs::path path;
        ~StagingGuard() { removeQuietly(path); }
    } guard{staging};

    for (const DownloadFile& file : spec.files) {
        const fs::path archive = targetDir / file.fileName;
        try {
            extractArchiveSafely(archive, staging);
        } catch (const Error& e) {
            // An archive refused as unsafe or corrupt is of no use to a later run either.
            if (e.code() == ErrorCode::InvalidData)
                fs::remove(archive, ec);
            throw;
        }
    }
    if (!fs::is_directory(staging / spec.folderName, ec)) {
        for (const DownloadFile& file : spec.files)
            fs::remove(targetDir / file.fileName, ec);
        throw Error(ErrorCode::InvalidData, "the archive does not contain the folder " + spec.folderName,
            {(targetDir / spec.files.front().fileName).string()});
    }
    // A folder of that name without the marker is left from an earlier, unfinished attempt.
    removeQuietly(folder);
    fs::rename(staging / spec.folderName, folder, ec);
    if (ec)
        throw Error(ErrorCode::Io, "cannot move the unpacked folder into place: " + ec.message(), {folder.string()});
    for (const DownloadFile& file : spec.files)
        fs::remove(targetDir / file.fileName, ec);
}

} // namespace

const std::vector<DownloadSpec>& downloadCatalog()
{
    static const std::vector<DownloadSpec> catalog = [] {
        const std::string toronto = "https://www.cs.toronto.edu/~kriz/";
        const std::string zalando = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/";
        std::vector<DownloadSpec> specs;
        specs.push_back({"cifar10", "CIFAR-10",
            {{toronto + "cifar-10-binary.tar.gz", "cifar-10-binary.tar.gz", "c32a1d4ab5d03f1284b67883e8d87530"}}, true,
            "cifar-10-batches-bin"});
        specs.push_back({"cifar100", "CIFAR-100",
            {{toronto + "cifar-100-binary.tar.gz", "cifar-100-binary.tar.gz", "03b5dce01913d631647c71ecec9e9cb8"}},
            true, "cifar-100-binary"});
        // Kept gzipped: the IDX reader reads .gz directly.
        specs.push_back({"fashion-mnist", "Fashion-MNIST",
            {{zalando + "train-images-idx3-ubyte.gz", "train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d"},
                {zalando + "train-labels-idx1-ubyte.gz", "train-labels-idx1-ubyte.gz",
                    "25c81989df183df01b3e8a0aad5dffbe"},
                {zalando + "t10k-images-idx3-ubyte.gz", "t10k-images-idx3-ubyte.gz",
                    "bef4ecab320f06d8554ea6380940ec79"},
                {zalando + "t10k-labels-idx1-ubyte.gz", "t10k-labels-idx1-ubyte.gz",
                    "bb300cfdad3c16e7a12a480ee83cd310"}},
            false, "fashion-mnist"});
        return specs;
    }();
    return catalog;
}

std::optional<DownloadSpec> findDownload(std::string_view id)
{
    for (const DownloadSpec& spec : downloadCatalog())
        if (spec.id == id)
            return spec;
    return std::nullopt;
}

DownloadSpec withMirror(DownloadSpec spec, std::string baseUrl)
{
    if (!baseUrl.empty() && baseUrl.back() != '/')
        baseUrl += '/';
    for (DownloadFile& file : spec.files)
        file.url = baseUrl + file.fileName;
    return spec;
}

fs::path downloadDataset(const DownloadSpec& spec, const fs::path& targetDir, const DownloadProgressCallback& progress)
{
    if (spec.files.empty())
        throw Error(ErrorCode::InvalidArgument, "download \"" + spec.id + "\" lists no files");
    checkPlainName(spec.folderName, "folder name", spec.id);
    for (const DownloadFile& file : spec.files)
        checkPlainName(file.fileName, "file name", spec.id);

    const fs::path folder = targetDir / spec.folderName;
    if (isComplete(spec, folder)) {
        logInfo({"%1 is already downloaded in %2", {spec.displayName, folder.string()}});
        return folder;
    }
    std::error_code ec;
    const fs::path downloadDir = spec.extract ? targetDir : folder;
    fs::create_directories(downloadDir, ec);
    if (ec)
        throw Error(ErrorCode::Io, "cannot create folder: " + ec.message(), {downloadDir.string()});

    for (const DownloadFile& file : spec.files)
        fetchVerified(file, downloadDir / file.fileName, progress);
    if (spec.extract)
        extractInto(spec, targetDir, folder);
    writeFileAtomically(folder / kMarkerName, markerText(spec));
    logInfo({"%1 downloaded into %2", {spec.displayName, folder.string()}});
    return folder;
}

} // namespace cnnwb::engine
