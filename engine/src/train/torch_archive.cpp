#include "train/torch_archive.h"

#include "core/library_errors.h"
#include "core/zip_integrity.h"
#include "train/pickle_scan.h"

#include "cnnwb/engine/core/error.h"

#include <c10/util/Exception.h>
#include <caffe2/serialize/inline_container.h>
#include <caffe2/serialize/read_adapter_interface.h>
#include <torch/csrc/jit/serialization/export.h>
#include <torch/csrc/jit/serialization/import_read.h>
#include <torch/csrc/jit/serialization/pickle.h>
#include <torch/csrc/jit/serialization/pickler.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <iterator>
#include <vector>

namespace cnnwb::engine {

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

} // namespace

c10::IValue readArchiveBytes(std::span<const char> bytes, const std::string& what, const std::string& source)
{
    if (bytes.size() < 4 || bytes[0] != 'P' || bytes[1] != 'K')
        throw Error(ErrorCode::InvalidData, "not a " + what + " (no PyTorch zip archive)", {source});
    if (const std::string problem = zipIntegrityProblem(bytes); !problem.empty())
        throw Error(ErrorCode::InvalidData, "the " + what + " is damaged or truncated: " + problem, {source});
    try {
        caffe2::serialize::PyTorchStreamReader reader(std::make_shared<BoundedReader>(bytes));
        if (reader.hasRecord("data.pkl")) {
            const auto [pickle, size] = reader.getRecord("data.pkl");
            if (const std::string problem = pickleProblem({static_cast<const char*>(pickle.get()), size});
                !problem.empty())
                throw Error(ErrorCode::InvalidData, "the " + what + " is damaged or truncated: " + problem, {source});
        }
        return torch::jit::readArchiveAndTensors("data", /*pickle_prefix=*/"", /*tensor_prefix=*/"",
            /*type_resolver=*/std::nullopt, /*obj_loader=*/std::nullopt, /*device=*/std::nullopt, reader);
    } catch (const c10::Error& e) {
        throw Error(ErrorCode::InvalidData,
            "the " + what + " is damaged or truncated: " + conciseLibraryMessage(e.what_without_backtrace()), {source});
    }
}

} // namespace cnnwb::engine
