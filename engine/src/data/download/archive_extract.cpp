#include "data/download/archive_extract.h"

#include "cnnwb/engine/core/error.h"

#include <archive.h>
#include <archive_entry.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>

namespace cnnwb::engine {
namespace {

namespace fs = std::filesystem;

using ArchivePtr = std::unique_ptr<archive, int (*)(archive*)>;

[[noreturn]] void refuse(const fs::path& archivePath, const std::string& what)
{
    throw Error(ErrorCode::InvalidData, what, {archivePath.string()});
}

std::string libraryError(archive* a)
{
    const char* text = archive_error_string(a);
    return text != nullptr ? text : "unknown libarchive error";
}

// The entry's path relative to the destination, or a refusal. Checked on the text itself, before
// any path arithmetic, so that nothing the archive says can point outside the destination.
fs::path checkedRelativePath(const fs::path& archivePath, const char* rawName)
{
    if (rawName == nullptr || *rawName == '\0')
        refuse(archivePath, "archive entry without a name");
    const std::string name = rawName;
    if (name.front() == '/')
        refuse(archivePath, "archive entry escapes the target folder: " + name);
    fs::path relative;
    for (const fs::path& part : fs::path(name)) {
        const std::string component = part.string();
        if (component == "..")
            refuse(archivePath, "archive entry escapes the target folder: " + name);
        if (component.empty() || component == "." || component == "/")
            continue;
        relative /= part;
    }
    return relative;
}

void copyEntryData(archive* reader, const fs::path& archivePath, const fs::path& target)
{
    std::ofstream out(target, std::ios::binary | std::ios::trunc);
    if (!out)
        throw Error(ErrorCode::Io, std::string("cannot create file: ") + std::strerror(errno), {target.string()});
    const void* block = nullptr;
    std::size_t size = 0;
    la_int64_t offset = 0;
    for (;;) {
        const int status = archive_read_data_block(reader, &block, &size, &offset);
        if (status == ARCHIVE_EOF)
            break;
        if (status < ARCHIVE_WARN)
            refuse(archivePath, "corrupt archive: " + libraryError(reader));
        // Sparse entries report offsets with holes; write zeros up to them.
        const auto position = static_cast<la_int64_t>(out.tellp());
        if (offset > position)
            out.seekp(offset);
        out.write(static_cast<const char*>(block), static_cast<std::streamsize>(size));
        if (!out)
            throw Error(ErrorCode::Io, "cannot write file", {target.string()});
    }
    out.close();
    if (!out)
        throw Error(ErrorCode::Io, "cannot write file", {target.string()});
}

} // namespace

void extractArchiveSafely(const fs::path& archivePath, const fs::path& destination)
{
    const ArchivePtr reader(archive_read_new(), &archive_read_free);
    if (!reader)
        throw Error(ErrorCode::Backend, "libarchive cannot allocate a reader");
    archive_read_support_filter_all(reader.get());
    archive_read_support_format_tar(reader.get());
    archive_read_support_format_zip(reader.get());
    if (archive_read_open_filename(reader.get(), archivePath.c_str(), 1 << 16) != ARCHIVE_OK)
        refuse(archivePath, "cannot read archive: " + libraryError(reader.get()));

    archive_entry* entry = nullptr;
    for (;;) {
        const int status = archive_read_next_header(reader.get(), &entry);
        if (status == ARCHIVE_EOF)
            break;
        if (status < ARCHIVE_WARN)
            refuse(archivePath, "corrupt archive: " + libraryError(reader.get()));

        const fs::path relative = checkedRelativePath(archivePath, archive_entry_pathname(entry));
        const std::string name = archive_entry_pathname(entry);
        // A hard link in tar is a header that names another entry; it has no type of its own.
        if (archive_entry_hardlink(entry) != nullptr)
            refuse(archivePath, "archive entry is a hard link, which is not accepted: " + name);
        const auto type = archive_entry_filetype(entry);
        if (type == AE_IFLNK)
            refuse(archivePath, "archive entry is a symbolic link, which is not accepted: " + name);
        if (type != AE_IFREG && type != AE_IFDIR)
            refuse(archivePath, "archive entry is a device or special file, which is not accepted: " + name);
        if (relative.empty())
            continue; // "./" itself

        const fs::path target = destination / relative;
        std::error_code ec;
        if (type == AE_IFDIR) {
            fs::create_directories(target, ec);
            if (ec)
                throw Error(ErrorCode::Io, "cannot create folder: " + ec.message(), {target.string()});
            continue;
        }
        fs::create_directories(target.parent_path(), ec);
        if (ec)
            throw Error(ErrorCode::Io, "cannot create folder: " + ec.message(), {target.parent_path().string()});
        copyEntryData(reader.get(), archivePath, target);
    }
}

} // namespace cnnwb::engine
