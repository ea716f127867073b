#include "train/state_dict_file.h"

#include "core/library_errors.h"
#include "core/memory_budget.h"
#include "train/torch_archive.h"

#include "cnnwb/engine/core/error.h"

#include <ATen/ops/empty.h>
#include <c10/util/Exception.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <vector>

namespace cnnwb::engine {
namespace {

constexpr std::string_view kWhat = "weights file";

std::int64_t elementBytes(at::ScalarType dtype)
{
    return static_cast<std::int64_t>(c10::elementSize(dtype));
}

// PyTorch 1.6 and later: a zip archive whose data.pkl names each storage's record, data/<key>.
StateDictTensors readZip(std::span<const char> bytes, const std::string& source)
{
    const std::unique_ptr<TorchArchive> archive = openTorchArchive(bytes, std::string(kWhat), source);
    if (const auto order = archive->records.find("byteorder");
        order != archive->records.end() && zipRecordHead(*order->second, 8).starts_with("big"))
        throw Error(ErrorCode::InvalidData, "it was written on a big-endian machine, which is not read", {source});
    const ZipRecord& pickle = *archive->records.at("data.pkl");
    std::vector<char> pickled(pickle.size);
    zipRecordRead(pickle, pickled);
    const StorageLoader load = [&](const std::string& key, at::ScalarType dtype, std::int64_t numel) {
        const auto found = archive->records.find("data/" + key);
        if (found == archive->records.end())
            throw Error(ErrorCode::InvalidData, "its pickle names a storage record data/" + key + " that it lacks");
        if (static_cast<std::uint64_t>(numel) > found->second->size / static_cast<std::uint64_t>(elementBytes(dtype)))
            throw Error(ErrorCode::InvalidData,
                "storage data/" + key + " declares " + std::to_string(numel) + " elements, more than its record holds");
        at::Tensor storage = at::empty({numel}, at::TensorOptions().dtype(dtype));
        zipRecordRead(*found->second,
            {static_cast<char*>(storage.data_ptr()), static_cast<std::size_t>(numel * elementBytes(dtype))});
        return storage;
    };
    return readStateDictPickle(pickled, load).tensors;
}

// Before PyTorch 1.6: five pickles in a row (magic number, protocol, system information, the
// object, its storage keys), then each storage as its element count and raw bytes.
class LegacyReader {
public:
    explicit LegacyReader(std::span<const char> bytes)
        : m_bytes(bytes)
    {
    }

    StateDictTensors read()
    {
        constexpr std::string_view kMagic = "\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19"; // 0x1950a86a20f9469cfc6c
        if (next().bigInteger != kMagic)
            throw Error(ErrorCode::InvalidData, "not a PyTorch file (neither a zip archive nor the older format)");
        if (const std::int64_t protocol = next().integer; protocol != 1001)
            throw Error(ErrorCode::InvalidData,
                "it is in PyTorch's legacy format version " + std::to_string(protocol) + "; only 1001 is read");
        next(); // system information: the sizes of C types, little-endian
        StateDictTensors tensors = next().tensors;
        for (const std::string& key : next().strings)
            fill(key);
        if (m_filled != m_storages.size())
            throw Error(ErrorCode::InvalidData, "the file ends before all its storages (truncated?)");
        return tensors;
    }

private:
    PickleRead next()
    {
        const StorageLoader allocate = [this](const std::string& key, at::ScalarType dtype, std::int64_t numel) {
            // The bytes follow the pickles: the storages together cannot be larger than the file.
            const auto size = static_cast<std::int64_t>(m_bytes.size());
            if (numel > (size - m_declared) / elementBytes(dtype))
                throw Error(ErrorCode::InvalidData,
                    "storage " + key + " declares " + std::to_string(numel)
                        + " elements, more than the file holds (truncated?)");
            m_declared += numel * elementBytes(dtype);
            at::Tensor storage = at::empty({numel}, at::TensorOptions().dtype(dtype));
            m_storages.emplace(key, Storage{storage, false});
            return storage;
        };
        PickleRead pickle = readStateDictPickle(m_bytes.subspan(m_at), allocate);
        m_at += pickle.end;
        return pickle;
    }

    void fill(const std::string& key)
    {
        const auto found = m_storages.find(key);
        if (found == m_storages.end())
            throw Error(ErrorCode::InvalidData, "it lists storage " + key + " that its pickle does not use");
        if (found->second.filled)
            throw Error(ErrorCode::InvalidData, "it lists storage " + key + " twice");
        found->second.filled = true;
        at::Tensor& storage = found->second.tensor;
        const std::int64_t bytes = storage.numel() * storage.element_size();
        if (m_bytes.size() - m_at < 8 + static_cast<std::size_t>(bytes))
            throw Error(ErrorCode::InvalidData, "the file ends inside storage " + key + " (truncated?)");
        std::int64_t count = 0;
        std::memcpy(&count, m_bytes.data() + m_at, 8); // little-endian, as every machine PyTorch runs on
        if (count != storage.numel())
            throw Error(ErrorCode::InvalidData,
                "storage " + key + " holds " + std::to_string(count) + " elements where its pickle declares "
                    + std::to_string(storage.numel()));
        std::memcpy(storage.data_ptr(), m_bytes.data() + m_at + 8, static_cast<std::size_t>(bytes));
        m_at += 8 + static_cast<std::size_t>(bytes);
        ++m_filled;
    }

    struct Storage {
        at::Tensor tensor;
        bool filled = false;
    };

    std::span<const char> m_bytes;
    std::size_t m_at = 0;
    std::map<std::string, Storage> m_storages;
    std::size_t m_filled = 0;
    std::int64_t m_declared = 0; ///< bytes of all storages the pickle declared
};

} // namespace

StateDictTensors readStateDictBytes(std::span<const char> bytes, const std::string& source)
{
    StateDictTensors tensors;
    try {
        checkMemoryBudget(
            static_cast<std::int64_t>(bytes.size()), "reading the weights file", ErrorCode::InvalidData, {source});
        const bool zip = bytes.size() >= 2 && bytes[0] == 'P' && bytes[1] == 'K';
        tensors = zip ? readZip(bytes, source) : LegacyReader(bytes).read();
    } catch (const Error& e) {
        if (!e.context().file.empty())
            throw;
        throw Error(e.code(), "cannot read the weights: " + e.message(), {source});
    } catch (const c10::Error& e) {
        throw Error(ErrorCode::InvalidData,
            "cannot read the weights: " + conciseLibraryMessage(e.what_without_backtrace()), {source});
    }
    if (tensors.empty())
        throw Error(ErrorCode::InvalidData,
            "it holds no tensors: save the weights with torch.save(model.state_dict(), FILE)", {source});
    return tensors;
}

StateDictTensors readStateDictFile(const std::filesystem::path& file)
{
    if (std::error_code ec; std::filesystem::is_directory(file, ec))
        throw Error(ErrorCode::Io, "is a folder, not a weights file (.pth)", {file.string()});
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw Error(ErrorCode::Io, "cannot open the weights file", {file.string()});
    const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad())
        throw Error(ErrorCode::Io, "cannot read the weights file", {file.string()});
    return readStateDictBytes(bytes, file.string());
}

} // namespace cnnwb::engine
