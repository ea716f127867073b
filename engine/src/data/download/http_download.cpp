#include "data/download/http_download.h"

#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/core/logging.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>

namespace cnnwb::engine {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// Generous for a slow campus network, but a dead connection must not hang a download forever.
constexpr long kConnectTimeoutSeconds = 30;
constexpr long kStallSeconds = 60;
// While no data arrives, the progress callback is still asked this often, so a cancel takes effect.
constexpr auto kIdleReportInterval = std::chrono::milliseconds(250);

void initCurlOnce()
{
    // curl_global_init is not thread-safe in older libcurls and must run once per process.
    static std::once_flag once;
    std::call_once(once, [] {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
            throw Error(ErrorCode::Backend, "libcurl cannot be initialised");
    });
}

bool startsWithNoCase(std::string_view text, std::string_view prefix)
{
    return text.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
    });
}

// "bytes 100-999/1000" -> first = 100, total = 1000 (-1 for "*").
bool parseContentRange(const std::string& value, std::int64_t& first, std::int64_t& total)
{
    long long a = 0;
    long long b = 0;
    char rest[32] = {};
    if (std::sscanf(value.c_str(), " bytes %lld-%lld/%31s", &a, &b, rest) != 3)
        return false;
    first = a;
    total = rest[0] == '*' ? -1 : std::strtoll(rest, nullptr, 10);
    return true;
}

// The state of one request, shared with libcurl's C callbacks through their void* argument.
struct Transfer {
    CURL* curl = nullptr;
    int fd = -1;
    std::string url;
    fs::path partFile;
    std::string fileName;
    const DownloadProgressCallback* progress = nullptr;

    std::int64_t offset = 0;   // bytes the part held when the request went out (or after a restart)
    std::int64_t received = 0; // bytes the part holds now
    std::int64_t total = -1;
    std::string contentRange; // of the latest response header block (redirects send several)
    bool bodyStarted = false;
    bool cancelled = false;
    int writeErrno = 0;
    std::string protocolError;
    Clock::time_point started = Clock::now();
    Clock::time_point lastReport = Clock::now();

    bool report()
    {
        lastReport = Clock::now();
        if (progress == nullptr || !*progress)
            return true;
        // At least a quarter second, so that the first block does not claim an absurd rate.
        const double seconds = std::max(0.25, std::chrono::duration<double>(lastReport - started).count());
        const double rate = static_cast<double>(received - offset) / seconds;
        return (*progress)(DownloadProgress{fileName, received, total, rate});
    }

    // Called once, at the first block of the final response: decides whether the server honoured
    // the range and how large the file is.
    bool beginBody()
    {
        long status = 0;
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
        curl_off_t length = -1;
        curl_easy_getinfo(curl, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
        if (offset > 0 && status == 206) {
            std::int64_t first = 0;
            std::int64_t size = -1;
            if (!parseContentRange(contentRange, first, size) || first != offset) {
                protocolError = "the server answered the resume request with another range (\"" + contentRange + "\")";
                return false;
            }
            total = size >= 0 ? size : (length >= 0 ? offset + length : -1);
            return true;
        }
        if (offset > 0) {
            // The server ignored "Range" and sends the whole file: start the part over.
            logInfo({"%1: the server does not resume transfers; downloading it from the start", {url}});
            if (::ftruncate(fd, 0) != 0) {
                writeErrno = errno;
                return false;
            }
            offset = 0;
            received = 0;
            started = Clock::now();
        }
        total = length;
        return true;
    }

    bool write(const char* data, std::size_t size)
    {
        while (size > 0) {
            const ssize_t n = ::write(fd, data, size);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0) {
                writeErrno = n < 0 ? errno : ENOSPC;
                return false;
            }
            data += n;
            size -= static_cast<std::size_t>(n);
            received += n;
        }
        return true;
    }
};

std::size_t onHeader(char* data, std::size_t size, std::size_t count, void* user)
{
    auto& transfer = *static_cast<Transfer*>(user);
    std::string line(data, size * count);
    while (!line.empty() && (line.back() == '\r' || line.back() == '\n'))
        line.pop_back();
    if (startsWithNoCase(line, "HTTP/"))
        transfer.contentRange.clear();
    else if (startsWithNoCase(line, "Content-Range:"))
        transfer.contentRange = line.substr(std::strlen("Content-Range:"));
    return size * count;
}

std::size_t onBody(char* data, std::size_t size, std::size_t count, void* user)
{
    auto& transfer = *static_cast<Transfer*>(user);
    const std::size_t bytes = size * count;
    if (!transfer.bodyStarted) {
        transfer.bodyStarted = true;
        if (!transfer.beginBody())
            return 0; // anything but `bytes` makes libcurl stop with CURLE_WRITE_ERROR
    }
    if (!transfer.write(data, bytes))
        return 0;
    // Every block is reported (not only on libcurl's progress ticks), so a cancel stops within one.
    if (!transfer.report()) {
        transfer.cancelled = true;
        return 0;
    }
    return bytes;
}

int onTick(void* user, curl_off_t /*dlTotal*/, curl_off_t /*dlNow*/, curl_off_t /*ulTotal*/, curl_off_t /*ulNow*/)
{
    auto& transfer = *static_cast<Transfer*>(user);
    if (Clock::now() - transfer.lastReport < kIdleReportInterval)
        return 0;
    if (!transfer.report()) {
        transfer.cancelled = true;
        return 1;
    }
    return 0;
}

std::string describeBytes(std::int64_t received, std::int64_t total)
{
    return std::to_string(received) + (total >= 0 ? " of " + std::to_string(total) : "") + " bytes";
}

} // namespace

FetchOutcome fetchResumable(const std::string& url, const fs::path& partFile, const std::string& fileName,
    const DownloadProgressCallback& progress)
{
    initCurlOnce();
    Transfer transfer;
    transfer.url = url;
    transfer.partFile = partFile;
    transfer.fileName = fileName;
    transfer.progress = &progress;

    // O_APPEND: a resumed transfer continues the part; a restarted one truncates it first.
    transfer.fd = ::open(partFile.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (transfer.fd < 0)
        throw Error(ErrorCode::Io, std::string("cannot create file: ") + std::strerror(errno), {partFile.string()});
    const std::unique_ptr<int, void (*)(int*)> closeFd(&transfer.fd, [](int* fd) { ::close(*fd); });
    // Two processes appending to one part would interleave their bytes.
    if (::flock(transfer.fd, LOCK_EX | LOCK_NB) != 0)
        throw Error(ErrorCode::Io, "another download of this file is running", {partFile.string()});
    struct stat info { };
    if (::fstat(transfer.fd, &info) != 0)
        throw Error(ErrorCode::Io, std::string("cannot read file: ") + std::strerror(errno), {partFile.string()});
    transfer.offset = info.st_size;
    transfer.received = info.st_size;

    const std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_easy_init(), &curl_easy_cleanup);
    if (!curl)
        throw Error(ErrorCode::Backend, "libcurl cannot start a transfer", {url});
    transfer.curl = curl.get();
    char errorText[CURL_ERROR_SIZE] = {};
    const std::string range = std::to_string(transfer.offset) + "-";
    CURL* c = curl.get();
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errorText);
#if LIBCURL_VERSION_NUM >= 0x075500
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
    curl_easy_setopt(c, CURLOPT_PROTOCOLS, static_cast<long>(CURLPROTO_HTTP | CURLPROTO_HTTPS));
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS, static_cast<long>(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, 10L);
    curl_easy_setopt(c, CURLOPT_FAILONERROR, 1L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, kConnectTimeoutSeconds);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, kStallSeconds);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "cnn-workbench");
    // CURLOPT_RANGE rather than CURLOPT_RESUME_FROM_LARGE: libcurl then leaves a 200 answer to us,
    // and we restart the part in the same request instead of failing with CURLE_RANGE_ERROR.
    if (transfer.offset > 0)
        curl_easy_setopt(c, CURLOPT_RANGE, range.c_str());
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, &onHeader);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &transfer);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &onBody);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, &onTick);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, &transfer);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);

    if (transfer.offset > 0)
        logInfo({"resuming %1 at byte %2", {url, std::to_string(transfer.offset)}});
    if (!transfer.report())
        throw Error(ErrorCode::Io, "download cancelled", {url});
    const CURLcode result = curl_easy_perform(c);
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    const std::string reason = errorText[0] != '\0' ? errorText : curl_easy_strerror(result);

    if (transfer.cancelled)
        throw Error(ErrorCode::Io, "download cancelled", {url});
    if (transfer.writeErrno != 0)
        throw Error(ErrorCode::Io, std::string("cannot write file: ") + std::strerror(transfer.writeErrno),
            {partFile.string()});
    if (!transfer.protocolError.empty()) {
        // The part cannot be trusted to continue: the next run starts over.
        if (::ftruncate(transfer.fd, 0) != 0)
            logWarning({"cannot empty %1: %2", {partFile.string(), std::strerror(errno)}});
        throw Error(ErrorCode::Io, transfer.protocolError + "; run again to download it from the start", {url});
    }
    if (result == CURLE_HTTP_RETURNED_ERROR) {
        if (status == 416 && transfer.offset > 0)
            return FetchOutcome::RangeNotSatisfiable;
        throw Error(ErrorCode::Io,
            status == 404 ? "the server has no such file (HTTP 404)"
                          : "the server answered HTTP " + std::to_string(status),
            {url});
    }
    if (result == CURLE_OK && (transfer.total < 0 || transfer.received == transfer.total)) {
        if (transfer.total < 0)
            transfer.total = transfer.received;
        (void)transfer.report(); // the final 100 %; cancelling now would change nothing
        return FetchOutcome::Complete;
    }
    if (transfer.received > 0 && result != CURLE_COULDNT_RESOLVE_HOST && result != CURLE_COULDNT_CONNECT)
        throw Error(ErrorCode::Io,
            "download interrupted after " + describeBytes(transfer.received, transfer.total) + "; run again to resume ("
                + (result == CURLE_OK ? "the connection closed early" : reason) + ")",
            {url});
    throw Error(ErrorCode::Io, "download failed: " + reason, {url});
}

} // namespace cnnwb::engine
