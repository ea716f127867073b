#include "train/torch_archive.h"

#include "core/library_errors.h"
#include "core/memory_budget.h"
#include "core/zip_integrity.h"
#include "train/pickle_scan.h"

#include "cnnwb/engine/core/error.h"

#include <c10/core/CPUAllocator.h>
#include <c10/util/Exception.h>
#include <caffe2/serialize/inline_container.h>
#include <caffe2/serialize/versions.h>
#include <torch/csrc/jit/serialization/export.h>
#include <torch/csrc/jit/serialization/pickle.h>
#include <torch/csrc/jit/serialization/pickler.h>
#include <torch/csrc/jit/serialization/unpickler.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <map>
#include <string_view>
#include <vector>

namespace cnnwb::engine {

std::string tensorExtentProblem(const at::Tensor& t)
{
    if (t.numel() == 0)
        return {};
    std::int64_t last = t.storage_offset(); // the furthest element, in elements
    bool fits = last >= 0;
    for (std::int64_t d = 0; d < t.dim() && fits; ++d) {
        const std::int64_t stride = t.stride(d);
        fits = stride >= 0
            && (stride == 0 || t.size(d) - 1 <= (std::numeric_limits<std::int64_t>::max() - last) / stride);
        if (fits)
            last += (t.size(d) - 1) * stride;
    }
    const auto item = static_cast<std::uint64_t>(t.element_size());
    if (fits && static_cast<std::uint64_t>(last) < t.storage().nbytes() / item)
        return {};
    std::string shape;
    for (const std::int64_t size : t.sizes())
        shape += (shape.empty() ? "" : "x") + std::to_string(size);
    return "a tensor of shape " + shape + " reaches past the " + std::to_string(t.storage().nbytes())
        + " bytes of its storage";
}

std::string archiveBytes(const c10::IValue& value)
{
    std::vector<char> pickled;
    torch::jit::Pickler pickler(
        [&](const char* data, std::size_t size) { pickled.insert(pickled.end(), data, data + size); },
        /*tensor_table=*/nullptr, /*type_renamer=*/nullptr, /*memoized_class_types=*/nullptr,
        /*get_tensor_id=*/nullptr, /*tag_aggregates=*/false);
    pickler.protocol();
    pickler.pushIValue(value);
    pickler.stop();

    std::string out;
    caffe2::serialize::PyTorchStreamWriter writer([&](const void* data, std::size_t size) {
        out.append(static_cast<const char*>(data), size);
        return size;
    });
    torch::jit::writeArchiveAndTensors("data", pickled.data(), pickled.size(), pickler.tensorData(), writer);
    writer.writeEndOfFile();
    return out;
}

c10::IValue readArchive(const std::filesystem::path& file, const std::string& what)
{
    if (std::error_code ec; std::filesystem::is_directory(file, ec))
        throw Error(ErrorCode::Io, "is a folder, not a " + what + " file (a run's is its last.ckpt or best.ckpt)",
            {file.string()});
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw Error(ErrorCode::Io, "cannot open the " + what, {file.string()});
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad())
        throw Error(ErrorCode::Io, "cannot read the " + what, {file.string()});
    return readArchiveBytes(bytes, what, file.string());
}

namespace {

// A version record as torch.load reads it (std::stoull): "3\n" as PyTorch writes it.
std::string versionProblem(const std::string& text, std::uint64_t& version)
{
    const std::size_t first = text.find_first_not_of(" \t\n\r");
    const std::size_t end = text.find_first_not_of("0123456789", first == std::string::npos ? text.size() : first);
    const std::string digits = first == std::string::npos ? std::string() : text.substr(first, end - first);
    if (digits.empty() || digits.size() > 6)
        return "its version record is not a format version";
    version = std::stoull(digits);
    if (version < caffe2::serialize::kMinSupportedFileFormatVersion
        || version > caffe2::serialize::kMaxSupportedFileFormatVersion)
        return "it is written in PyTorch archive format " + digits + "; this program reads formats "
            + std::to_string(caffe2::serialize::kMinSupportedFileFormatVersion) + " to "
            + std::to_string(caffe2::serialize::kMaxSupportedFileFormatVersion);
    return {};
}

// What torch.load looks for: records in the folder the first one names, a version it reads, and
// the pickle that describes the rest.
std::string torchArchiveProblem(const std::vector<ZipRecord>& records, TorchArchive& archive)
{
    if (records.empty())
        return "the zip archive is empty";
    const std::size_t slash = records.front().name.find('/');
    if (slash == std::string::npos)
        return "its records are not in a folder, as PyTorch writes them";
    const std::string_view folder = std::string_view(records.front().name).substr(0, slash + 1);
    for (const ZipRecord& record : records)
        if (record.name.starts_with(folder))
            archive.records.emplace(record.name.substr(folder.size()), &record); // the first of a name
    auto version = archive.records.find(".data/version");
    if (version == archive.records.end())
        version = archive.records.find("version");
    if (version == archive.records.end())
        return "it has no version record, as every PyTorch archive has";
    if (std::string problem = versionProblem(zipRecordHead(*version->second, 32), archive.version); !problem.empty())
        return problem;
    if (!archive.records.contains("data.pkl"))
        return "it has no data.pkl, the record that describes what it holds";
    return {};
}

// The size of each storage record read, by the address of its bytes.
using StorageSizes = std::map<const void*, std::size_t>;

// A record's bytes, inflated if need be, in memory that LibTorch's allocator owns.
at::DataPtr recordBytes(const ZipRecord& record)
{
    at::DataPtr data = c10::GetCPUAllocator()->allocate(record.size);
    zipRecordRead(record, {static_cast<char*>(data.get()), static_cast<std::size_t>(record.size)});
    return data;
}

// torch::jit::readArchiveAndTensors on records this program has checked itself: LibTorch's
// PyTorchStreamReader (miniz) is not used to read. It read past the end of a buffer, leaked its state
// when its constructor threw, and disagreed with any check run before it on which record a name
// meant (each found by fuzz_checkpoint). The size of every storage record is kept: LibTorch's
// unpickler sizes a storage by the element count its pickle states, not by its record.
c10::IValue unpickle(const TorchArchive& archive, std::span<const char> pickled, StorageSizes& sizes)
{
    std::size_t done = 0;
    const auto read = [&](char* buffer, std::size_t length) {
        length = std::min(length, pickled.size() - done);
        std::memcpy(buffer, pickled.data() + done, length);
        done += length;
        return length;
    };
    const auto record = [&](const std::string& name) {
        const auto found = archive.records.find("data/" + name);
        if (found == archive.records.end())
            throw Error(ErrorCode::InvalidData, "its pickle names a storage record data/" + name + " that it lacks");
        at::DataPtr data = recordBytes(*found->second);
        sizes[data.get()] = found->second->size;
        return data;
    };
    torch::jit::Unpickler unpickler(
        read, /*type_resolver=*/nullptr, /*obj_loader=*/nullptr, record, /*device=*/std::nullopt);
    unpickler.set_version(archive.version);
    return unpickler.parse_ivalue();
}

// Whether a tensor is a plain dense one whose elements all lie inside its storage, and its
// storage inside the record it was read from.
std::string storageProblem(const at::Tensor& t, const StorageSizes& sizes)
{
    if (t.layout() != at::kStrided || !t.has_storage())
        return "it holds a tensor that is not a dense one";
    const auto record = sizes.find(t.storage().data());
    if (t.storage().nbytes() > 0 && (record == sizes.end() || record->second < t.storage().nbytes()))
        return "a storage declares " + std::to_string(t.storage().nbytes()) + " bytes, more than its record holds";
    return tensorExtentProblem(t);
}

// LibTorch's unpickler gives a tensor the sizes, strides and offset its pickle states without
// checking them against the storage record (Python's torch.load does, through set_()): a
// checkpoint could declare a 3x3 tensor over 2 floats, and reading it would run off the storage
// (found by fuzz_checkpoint). Each tensor in the value is checked to be dense and inside its storage.
std::string tensorProblem(const c10::IValue& root, const StorageSizes& sizes)
{
    std::vector<c10::IValue> pending{root}; // a loop, not recursion: lists may nest deeply
    while (!pending.empty()) {
        const c10::IValue value = std::move(pending.back());
        pending.pop_back();
        if (value.isGenericDict()) {
            for (const auto& entry : value.toGenericDict())
                pending.push_back(entry.value());
        } else if (value.isList()) {
            for (const c10::IValue& element : value.toListRef())
                pending.push_back(element);
        } else if (value.isTuple()) {
            for (const c10::IValue& element : value.toTupleRef().elements())
                pending.push_back(element);
        } else if (value.isTensor()) {
            if (std::string problem = storageProblem(value.toTensor(), sizes); !problem.empty())
                return problem;
        }
    }
    return {};
}

} // namespace

std::unique_ptr<TorchArchive> openTorchArchive(
    std::span<const char> bytes, const std::string& what, const std::string& source)
{
    if (bytes.size() < 4 || bytes[0] != 'P' || bytes[1] != 'K')
        throw Error(ErrorCode::InvalidData, "not a " + what + " (no PyTorch zip archive)", {source});
    auto archive = std::make_unique<TorchArchive>();
    archive->contents = readZipContents(bytes);
    if (!archive->contents.problem.empty())
        throw Error(
            ErrorCode::InvalidData, "the " + what + " is damaged or truncated: " + archive->contents.problem, {source});
    if (const std::string problem = torchArchiveProblem(archive->contents.records, *archive); !problem.empty())
        throw Error(ErrorCode::InvalidData, "not a " + what + ": " + problem, {source});
    std::int64_t unpacked = 0;
    for (const ZipRecord& record : archive->contents.records)
        unpacked += static_cast<std::int64_t>(std::min<std::uint64_t>(record.size, std::uint64_t{1} << 50));
    checkMemoryBudget(unpacked, "reading the " + what, ErrorCode::InvalidData, {source});
    return archive;
}

c10::IValue readArchiveBytes(std::span<const char> bytes, const std::string& what, const std::string& source)
{
    const std::unique_ptr<TorchArchive> opened = openTorchArchive(bytes, what, source);
    const TorchArchive& archive = *opened;
    try {
        const ZipRecord& pickleRecord = *archive.records.at("data.pkl");
        const at::DataPtr pickle = recordBytes(pickleRecord);
        const std::span<const char> pickled(static_cast<const char*>(pickle.get()), pickleRecord.size);
        if (const std::string problem = pickleProblem(pickled); !problem.empty())
            throw Error(ErrorCode::InvalidData, "the " + what + " is damaged or truncated: " + problem, {source});
        StorageSizes sizes;
        c10::IValue value = unpickle(archive, pickled, sizes);
        if (const std::string problem = tensorProblem(value, sizes); !problem.empty())
            throw Error(ErrorCode::InvalidData, "the " + what + " is damaged: " + problem, {source});
        return value;
    } catch (const Error& e) {
        if (!e.context().file.empty())
            throw;
        throw Error(e.code(), "the " + what + " is damaged: " + e.message(), {source});
    } catch (const c10::Error& e) {
        throw Error(ErrorCode::InvalidData,
            "the " + what + " is damaged or truncated: " + conciseLibraryMessage(e.what_without_backtrace()), {source});
    }
}

} // namespace cnnwb::engine
