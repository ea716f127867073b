#include "train/torch_archive.h"

#include "core/library_errors.h"
#include "core/zip_integrity.h"
#include "train/pickle_scan.h"

#include "cnnwb/engine/core/error.h"

#include <c10/util/Exception.h>
#include <caffe2/serialize/inline_container.h>
#include <caffe2/serialize/read_adapter_interface.h>
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

// LibTorch's own in-memory reader (behind pickle_load) copies whatever range miniz asks for, and
// miniz asks past the end for a zip whose directory points there: a heap overflow found by
// fuzz_checkpoint. This one hands over only the bytes that exist; miniz then reports the archive
// as damaged.
class BoundedReader final : public caffe2::serialize::ReadAdapterInterface {
public:
    explicit BoundedReader(std::span<const char> bytes)
        : m_bytes(bytes)
    {
    }
    std::size_t size() const override { return m_bytes.size(); }
    std::size_t read(std::uint64_t pos, void* buf, std::size_t n, const char* /*what*/) const override
    {
        if (pos >= m_bytes.size())
            return 0;
        const std::size_t count = std::min<std::size_t>(n, m_bytes.size() - pos);
        std::memcpy(buf, m_bytes.data() + pos, count);
        return count;
    }

private:
    std::span<const char> m_bytes;
};

// What PyTorchStreamReader would make of a version record, which it reads with std::stoull:
// "3\n" as PyTorch writes it, leading white space allowed.
std::string versionProblem(const std::string& text)
{
    const std::size_t first = text.find_first_not_of(" \t\n\r");
    const std::size_t end = text.find_first_not_of("0123456789", first == std::string::npos ? text.size() : first);
    const std::string digits = first == std::string::npos ? std::string() : text.substr(first, end - first);
    if (digits.empty() || digits.size() > 6)
        return "its version record is not a format version";
    const std::uint64_t format = std::stoull(digits);
    if (format < caffe2::serialize::kMinSupportedFileFormatVersion
        || format > caffe2::serialize::kMaxSupportedFileFormatVersion)
        return "it is written in PyTorch archive format " + digits + "; this program reads formats "
            + std::to_string(caffe2::serialize::kMinSupportedFileFormatVersion) + " to "
            + std::to_string(caffe2::serialize::kMaxSupportedFileFormatVersion);
    return {};
}

// PyTorchStreamReader's constructor looks for these before anything else and throws when one is
// missing, after miniz has allocated its state and before the destructor that frees it can run
// (a leak per bad file, found by fuzz_checkpoint). Checked here first, and said plainly.
std::string torchArchiveProblem(const std::vector<ZipRecord>& records)
{
    if (records.empty())
        return "the zip archive is empty";
    const std::size_t slash = records.front().name.find('/');
    if (slash == std::string::npos)
        return "its records are not in a folder, as PyTorch writes them";
    const std::string folder = records.front().name.substr(0, slash + 1);
    // miniz finds a record by its name in any case: each one it might take is checked.
    const auto sameName = [](std::string_view a, std::string_view b) {
        return std::ranges::equal(a, b, [](char x, char y) {
            return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
        });
    };
    bool versioned = false;
    for (const ZipRecord& record : records) {
        if (!sameName(record.name, folder + ".data/version") && !sameName(record.name, folder + "version"))
            continue;
        versioned = true;
        if (std::string problem = versionProblem(zipRecordHead(record, 32)); !problem.empty())
            return problem;
    }
    if (!versioned)
        return "it has no version record, as every PyTorch archive has";
    return {};
}

// The size of each storage record read, by the address of its bytes.
using StorageSizes = std::map<const void*, std::size_t>;

// torch::jit::readArchiveAndTensors, but keeping the size of every storage record it reads:
// LibTorch's unpickler sizes a storage by the element count its pickle states, not by its record.
c10::IValue unpickle(std::span<const char> pickled, caffe2::serialize::PyTorchStreamReader& reader, StorageSizes& sizes)
{
    std::size_t done = 0;
    const auto read = [&](char* buffer, std::size_t length) {
        length = std::min(length, pickled.size() - done);
        std::memcpy(buffer, pickled.data() + done, length);
        done += length;
        return length;
    };
    const auto record = [&](const std::string& name) {
        auto [data, size] = reader.getRecord("data/" + name);
        sizes[data.get()] = size;
        return std::move(data);
    };
    torch::jit::Unpickler unpickler(read, /*type_resolver=*/nullptr, /*obj_loader=*/nullptr, record,
        /*device=*/std::nullopt);
    unpickler.set_version(reader.version());
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

c10::IValue readArchiveBytes(std::span<const char> bytes, const std::string& what, const std::string& source)
{
    if (bytes.size() < 4 || bytes[0] != 'P' || bytes[1] != 'K')
        throw Error(ErrorCode::InvalidData, "not a " + what + " (no PyTorch zip archive)", {source});
    const ZipContents contents = readZipContents(bytes);
    if (!contents.problem.empty())
        throw Error(ErrorCode::InvalidData, "the " + what + " is damaged or truncated: " + contents.problem, {source});
    if (const std::string problem = torchArchiveProblem(contents.records); !problem.empty())
        throw Error(ErrorCode::InvalidData, "not a " + what + ": " + problem, {source});
    try {
        caffe2::serialize::PyTorchStreamReader reader(std::make_shared<BoundedReader>(bytes));
        const auto [pickle, size] = reader.getRecord("data.pkl");
        const std::span<const char> pickled(static_cast<const char*>(pickle.get()), size);
        if (const std::string problem = pickleProblem(pickled); !problem.empty())
            throw Error(ErrorCode::InvalidData, "the " + what + " is damaged or truncated: " + problem, {source});
        StorageSizes sizes;
        c10::IValue value = unpickle(pickled, reader, sizes);
        if (const std::string problem = tensorProblem(value, sizes); !problem.empty())
            throw Error(ErrorCode::InvalidData, "the " + what + " is damaged: " + problem, {source});
        return value;
    } catch (const c10::Error& e) {
        throw Error(ErrorCode::InvalidData,
            "the " + what + " is damaged or truncated: " + conciseLibraryMessage(e.what_without_backtrace()), {source});
    }
}

} // namespace cnnwb::engine
