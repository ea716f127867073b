#include "core/atomic_file.h"

#include "cnnwb/engine/core/error.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace cnnwb::engine {
namespace {

[[noreturn]] void fail(const std::filesystem::path& path, const std::string& what, int error)
{
    throw Error(ErrorCode::Io, what + ": " + std::strerror(error), {path.string()});
}

constexpr std::string_view kTemporaryMark = ".tmp-";

// Removes "BASE.tmp-PID" files in `folder` whose BASE `matches` and whose writer is gone.
template <typename Matches> int removeStaleIf(const std::filesystem::path& folder, Matches&& matches)
{
    int removed = 0;
    std::error_code ec;
    try {
        for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
            const std::string name = entry.path().filename().string();
            const std::size_t mark = name.rfind(kTemporaryMark);
            if (mark == std::string::npos || !matches(std::string_view(name).substr(0, mark)))
                continue;
            const std::string digits = name.substr(mark + kTemporaryMark.size());
            if (digits.empty() || digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos)
                continue;
            const auto pid = static_cast<pid_t>(std::stol(digits));
            // kill(pid, 0) fails with ESRCH only when no such process exists.
            if (pid != ::getpid() && ::kill(pid, 0) != 0 && errno == ESRCH && std::filesystem::remove(entry.path(), ec))
                ++removed;
        }
    } catch (const std::filesystem::filesystem_error&) { // NOLINT(bugprone-empty-catch): best effort, as documented
    }
    return removed;
}

} // namespace

int removeStaleTemporaries(const std::filesystem::path& folder, std::string_view nameSuffix)
{
    return removeStaleIf(folder, [nameSuffix](std::string_view base) { return base.ends_with(nameSuffix); });
}

void writeFileAtomically(const std::filesystem::path& path, std::string_view bytes)
{
    const std::string base = path.filename().string();
    (void)removeStaleIf(path.has_parent_path() ? path.parent_path() : std::filesystem::path("."),
        [&base](std::string_view name) { return name == base; });
    std::filesystem::path temporary = path;
    temporary += ".tmp-" + std::to_string(::getpid());
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        fail(path, "cannot create file", errno);
    std::size_t written = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            const int error = n < 0 ? errno : ENOSPC;
            ::close(fd);
            ::unlink(temporary.c_str());
            fail(path, "cannot write file", error);
        }
        written += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        const int error = errno;
        ::unlink(temporary.c_str());
        fail(path, "cannot write file", error);
    }
    if (::rename(temporary.c_str(), path.c_str()) != 0) {
        const int error = errno;
        ::unlink(temporary.c_str());
        fail(path, "cannot replace file", error);
    }
}

} // namespace cnnwb::engine
