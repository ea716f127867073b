#include "train/torch_archive.h"

#include "core/library_errors.h"
#include "core/zip_integrity.h"

#include "cnnwb/engine/core/error.h"

#include <c10/util/Exception.h>
#include <caffe2/serialize/inline_container.h>
#include <torch/csrc/jit/serialization/export.h>
#include <torch/csrc/jit/serialization/pickle.h>
#include <torch/csrc/jit/serialization/pickler.h>

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

c10::IValue readArchiveBytes(std::span<const char> bytes, const std::string& what, const std::string& source)
{
    if (bytes.size() < 4 || bytes[0] != 'P' || bytes[1] != 'K')
        throw Error(ErrorCode::InvalidData, "not a " + what + " (no PyTorch zip archive)", {source});
    if (const std::string problem = zipIntegrityProblem(bytes); !problem.empty())
        throw Error(ErrorCode::InvalidData, "the " + what + " is damaged or truncated: " + problem, {source});
    try {
        return torch::jit::pickle_load(std::vector<char>(bytes.begin(), bytes.end()));
    } catch (const c10::Error& e) {
        throw Error(ErrorCode::InvalidData,
            "the " + what + " is damaged or truncated: " + conciseLibraryMessage(e.what_without_backtrace()), {source});
    }
}

} // namespace cnnwb::engine
