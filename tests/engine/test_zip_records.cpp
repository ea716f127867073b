// The zip layer under every checkpoint: each record's CRC and size are checked, stored or
// deflated, and an archive LibTorch's reader would refuse from its constructor (where it leaked
// miniz's state, found by fuzz_checkpoint) is refused first, in a plain sentence.
#include "core/zip_integrity.h"
#include "support/experiment_fixtures.h"
#include "train/torch_archive.h"

#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/train/checkpoint.h"

#include <ATen/ATen.h>
#include <ATen/core/Dict.h>

#include <QTemporaryDir>
#include <QTest>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace cnnwb;

namespace {

struct Record {
    std::string name;
    std::string content;
    bool deflate = false;
};

// `bytes` little-endian bytes of `value`; past the eighth, zeros (a run of zero fields at once).
void put(std::string& out, std::uint64_t value, int bytes)
{
    for (int i = 0; i < bytes; ++i)
        out.push_back(i < 8 ? static_cast<char>((value >> (8 * i)) & 0xFF) : '\0');
}

std::string rawDeflate(const std::string& content)
{
    z_stream z{};
    deflateInit2(&z, 9, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    std::string out(deflateBound(&z, static_cast<uLong>(content.size())), '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(content.data()));
    z.avail_in = static_cast<uInt>(content.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

// A zip archive as any zip tool writes one: local headers, the directory, its end record.
std::string zipOf(const std::vector<Record>& records)
{
    std::string out;
    std::string directory;
    for (const Record& r : records) {
        const std::string data = r.deflate ? rawDeflate(r.content) : r.content;
        const auto crc
            = crc32(0L, reinterpret_cast<const Bytef*>(r.content.data()), static_cast<uInt>(r.content.size()));
        std::string common; // version needed .. name length, shared by both headers
        put(common, 20, 2);
        put(common, 0, 2);
        put(common, r.deflate ? 8 : 0, 2);
        put(common, 0, 4); // time, date
        put(common, crc, 4);
        put(common, data.size(), 4);
        put(common, r.content.size(), 4);
        put(common, r.name.size(), 2);
        put(common, 0, 2); // extra length
        put(directory, 0x02014b50, 4);
        put(directory, 20, 2); // made by
        directory += common;
        put(directory, 0, 2 + 2 + 2 + 4); // comment length, disk, internal and external attributes
        put(directory, out.size(), 4);
        directory += r.name;
        put(out, 0x04034b50, 4);
        out += common + r.name + data;
    }
    const std::size_t directoryAt = out.size();
    out += directory;
    put(out, 0x06054b50, 4);
    put(out, 0, 4);
    put(out, records.size(), 2);
    put(out, records.size(), 2);
    put(out, directory.size(), 4);
    put(out, directoryAt, 4);
    put(out, 0, 2);
    return out;
}

std::string readAll(const fs::path& file)
{
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string readError(const std::string& bytes)
{
    try {
        (void)engine::Checkpoint::read(
            std::span(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()), "odd.ckpt");
    } catch (const engine::Error& e) {
        return e.what();
    }
    return "read without an error";
}

} // namespace

class TestZipRecords : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void storedAndDeflatedRecordsAreChecked()
    {
        const std::string text(5000, 'x');
        const std::string zip = zipOf({{"a/stored", "hello"}, {"a/deflated", text + "tail", true}});
        const engine::ZipContents contents = engine::readZipContents(zip);
        QCOMPARE(contents.problem, std::string());
        QCOMPARE(contents.records.size(), std::size_t{2});
        QCOMPARE(engine::zipRecordHead(contents.records[0], 3), std::string("hel"));
        QCOMPARE(engine::zipRecordHead(contents.records[1], 6000), text + "tail");

        // A changed byte inside the compressed stream: it fails to inflate, or inflates to other bytes.
        for (std::size_t at = zip.find("a/deflated") + 10; at < zip.find("a/deflated") + 30; ++at) {
            std::string damaged = zip;
            damaged[at] = static_cast<char>(damaged[at] ^ 0x10);
            const std::string problem = engine::readZipContents(damaged).problem;
            QVERIFY2(problem.find("a/deflated") != std::string::npos, problem.c_str());
        }
        std::string flipped = zip;
        flipped[zip.find("hello")] = 'j';
        QVERIFY(engine::readZipContents(flipped).problem.find("a/stored fails its checksum") != std::string::npos);
    }

    // Each is what PyTorchStreamReader's constructor throws on, after miniz allocated its state.
    void archivesLibTorchWouldRefuseAreRefusedFirst_data()
    {
        QTest::addColumn<QByteArray>("zip");
        QTest::addColumn<QString>("message");
        const auto row = [](const char* name, const std::string& zip, const char* message) {
            QTest::newRow(name) << QByteArray(zip.data(), static_cast<qsizetype>(zip.size()))
                                << QString::fromUtf8(message);
        };
        row("empty", zipOf({}), "not a checkpoint: the zip archive is empty");
        row("no folder", zipOf({{"version", "3\n"}}), "its records are not in a folder");
        row("no version", zipOf({{"archive/data.pkl", "."}}), "it has no version record");
        row("version not a number", zipOf({{"archive/version", "three\n"}}), "its version record is not a format");
        row("version 99", zipOf({{"archive/.data/version", "99\n"}}), "PyTorch archive format 99; this program reads");
        row("version 0", zipOf({{"archive/version", "0\n"}}), "PyTorch archive format 0;");
        std::string bzip2 = zipOf({{"archive/version", "3\n"}});
        bzip2[8] = bzip2[bzip2.find("PK\x01\x02") + 10] = 12; // in both headers
        row("method 12", bzip2, "uses zip compression method 12");
        std::string encrypted = zipOf({{"archive/version", "3\n"}});
        encrypted[encrypted.find("PK\x01\x02") + 8] = 1;
        row("encrypted", encrypted, "archive/version is encrypted");
    }

    void archivesLibTorchWouldRefuseAreRefusedFirst()
    {
        QFETCH(QByteArray, zip);
        QFETCH(QString, message);
        const std::string error = readError(zip.toStdString());
        QVERIFY2(error.find(message.toStdString()) != std::string::npos, error.c_str());
        QVERIFY2(error.find("odd.ckpt") != std::string::npos, error.c_str());
    }

    // Found by fuzz_checkpoint: LibTorch's unpickler sizes a storage by the count its pickle
    // states and a tensor by its sizes and strides, checked against neither the record nor the
    // storage; reading the weights then ran past the bytes read.
    void tensorsBeyondTheirBytesAreRefused()
    {
        c10::impl::GenericDict dict(c10::StringType::get(), c10::AnyType::get());
        dict.insert(std::string("t"), at::arange(4, at::kFloat).reshape({2, 2}));
        const std::string good = engine::archiveBytes(dict);
        QCOMPARE(engine::readArchiveBytes(good, "checkpoint", "good.ckpt").toGenericDict().size(), std::size_t{1});
        std::vector<Record> records;
        for (const engine::ZipRecord& r : engine::readZipContents(good).records)
            records.push_back({r.name, std::string(r.data.begin(), r.data.end())});
        const auto withRecords = [&](const std::function<void(std::string & name, std::string & content)>& change) {
            std::vector<Record> changed = records;
            for (Record& r : changed)
                change(r.name, r.content);
            return zipOf(changed);
        };
        const auto errorOf = [](const std::string& zip) {
            try {
                (void)engine::readArchiveBytes(zip, "checkpoint", "odd.ckpt");
            } catch (const engine::Error& e) {
                return std::string(e.what());
            }
            return std::string("read without an error");
        };
        // The storage's record cut to 2 of its 4 floats.
        const std::string shortRecord = errorOf(withRecords([](std::string& name, std::string& content) {
            if (name.ends_with("/data/0"))
                content.resize(8);
        }));
        QVERIFY2(shortRecord.find("a storage declares 16 bytes, more than its record holds") != std::string::npos,
            shortRecord.c_str());
        // The record and the storage of 2 floats, the tensor still 2x2 over them.
        const std::string shortStorage = errorOf(withRecords([](std::string& name, std::string& content) {
            if (name.ends_with("/data/0"))
                content.resize(8);
            if (name.ends_with("/data.pkl")) {
                // ('storage', FloatStorage, '0', 'cpu', 4): BININT1 4 and TUPLE after the memoised 'cpu'
                const std::size_t count = content.find("K\x04t", content.find("cpu"));
                QVERIFY(count != std::string::npos);
                content[count + 1] = 2;
            }
        }));
        // LibTorch 2.13's unpickler refuses this one itself; older ones did not, and the engine's
        // own check says "a tensor of shape 2x2 reaches past the 8 bytes of its storage".
        QVERIFY2(shortStorage.find("odd.ckpt: the checkpoint is damaged") == 0, shortStorage.c_str());
        QVERIFY2(shortStorage.find("8 bytes") != std::string::npos, shortStorage.c_str());
    }

    void tensorExtentsAreCheckedAgainstTheirStorage()
    {
        const at::Tensor fine = at::zeros({2, 2});
        QCOMPARE(engine::tensorExtentProblem(fine), std::string());
        QCOMPARE(engine::tensorExtentProblem(at::zeros({3}).expand({4, 3})), std::string()); // stride 0
        QCOMPARE(engine::tensorExtentProblem(at::zeros({0, 5})), std::string());
        // What an unchecking unpickler would build: a 2x2 tensor over 2 floats, an offset past the end.
        at::Tensor beyond = at::zeros({2});
        beyond.unsafeGetTensorImpl()->set_sizes_and_strides(at::IntArrayRef{2, 2}, at::IntArrayRef{2, 1});
        QCOMPARE(engine::tensorExtentProblem(beyond),
            std::string("a tensor of shape 2x2 reaches past the 8 bytes of its storage"));
        at::Tensor offset = at::zeros({4});
        offset.unsafeGetTensorImpl()->set_storage_offset(3);
        offset.unsafeGetTensorImpl()->set_sizes_and_strides(at::IntArrayRef{2}, at::IntArrayRef{1});
        QVERIFY(!engine::tensorExtentProblem(offset).empty());
    }

    // A checkpoint re-zipped by a zip tool (every record deflated) is still the same checkpoint.
    void aDeflatedCheckpointLoads()
    {
        QTemporaryDir tmp;
        const std::string original = readAll(test::trainTinyRun(tmp.path().toStdString()));

        std::vector<Record> records;
        for (const engine::ZipRecord& r : engine::readZipContents(original).records)
            records.push_back({r.name, std::string(r.data.begin(), r.data.end()), true});
        const std::string deflated = zipOf(records);
        QVERIFY(deflated.size() < original.size());
        const auto asBytes
            = [](const std::string& s) { return std::span(reinterpret_cast<const std::uint8_t*>(s.data()), s.size()); };
        const engine::Checkpoint a = engine::Checkpoint::read(asBytes(original), "last.ckpt");
        const engine::Checkpoint b = engine::Checkpoint::read(asBytes(deflated), "deflated.ckpt");
        QCOMPARE(b.info().history.size(), a.info().history.size());
        QCOMPARE(b.weights().size(), a.weights().size());
        for (std::size_t i = 0; i < a.weights().size(); ++i)
            QCOMPARE(b.weights()[i].values, a.weights()[i].values);
    }
};

QTEST_GUILESS_MAIN(TestZipRecords)
#include "test_zip_records.moc"
