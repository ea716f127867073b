// Dataset::load of an InMemoryFolder (what the fuzzers feed): the same readers, the same results
// and the same errors as the same files on disk, with no file written.
#include "support/fixtures.h"

#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/data/dataset.h"
#include "cnnwb/engine/data/in_memory_folder.h"
#include "data/file_source.h"

#include <QTemporaryDir>
#include <QTest>
#include <zlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace fs = std::filesystem;
using namespace cnnwb;

namespace {

// Every file below `dir`, by its path relative to it.
engine::InMemoryFolder readIntoMemory(const fs::path& dir, const std::string& name)
{
    engine::InMemoryFolder folder;
    folder.name = name;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        if (!entry.is_regular_file())
            continue;
        std::ifstream in(entry.path(), std::ios::binary);
        folder.files[entry.path().lexically_relative(dir).generic_string()]
            = {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    }
    return folder;
}

void requireSameData(const engine::Dataset& a, const engine::Dataset& b)
{
    QCOMPARE(a.info().format, b.info().format);
    QCOMPARE(a.info().shape, b.info().shape);
    QCOMPARE(a.info().classNames, b.info().classNames);
    for (const engine::Split split : {engine::Split::Train, engine::Split::Test}) {
        QVERIFY(std::ranges::equal(a.pixels(split), b.pixels(split)));
        QVERIFY(std::ranges::equal(a.labels(split), b.labels(split)));
    }
}

std::vector<std::uint8_t> gzipOf(const std::vector<std::uint8_t>& bytes)
{
    uLongf size = compressBound(static_cast<uLong>(bytes.size())) + 64;
    std::vector<std::uint8_t> out(size);
    z_stream s{};
    deflateInit2(&s, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY);
    s.next_in = const_cast<Bytef*>(bytes.data());
    s.avail_in = static_cast<uInt>(bytes.size());
    s.next_out = out.data();
    s.avail_out = static_cast<uInt>(out.size());
    deflate(&s, Z_FINISH);
    out.resize(s.total_out);
    deflateEnd(&s);
    return out;
}

std::string errorOf(const engine::InMemoryFolder& folder)
{
    try {
        (void)engine::Dataset::load(folder);
    } catch (const engine::Error& e) {
        return e.what();
    }
    return {};
}

} // namespace

class TestInMemoryData : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;

    fs::path dir(const char* name) const { return fs::path(m_tmp.path().toStdString()) / name; }

private Q_SLOTS:
    void everyFormatLoadsAsFromDisk_data()
    {
        QTest::addColumn<QString>("format");
        for (const char* format : {"cifar10", "cifar100", "idx", "idx.gz", "imagefolder", "imagefolder-gray"})
            QTest::newRow(format) << QString::fromLatin1(format);
    }

    void everyFormatLoadsAsFromDisk()
    {
        QFETCH(QString, format);
        const fs::path folder = dir(format.toStdString().c_str()) / "dataset";
        if (format == QLatin1String("cifar10"))
            test::writeCifar10(folder, {.recordsPerTrainBatch = 6, .testRecords = 5, .classCount = 3});
        else if (format == QLatin1String("cifar100"))
            test::writeCifar100(folder, 12, 7, 5);
        else if (format.startsWith(QLatin1String("idx")))
            test::writeIdx(folder, 9, 4, format.endsWith(QLatin1String(".gz")));
        else
            test::writeImageFolder(folder, {"cat", "dog"}, 3, 2, 16, format.endsWith(QLatin1String("gray")));
        const engine::Dataset fromDisk = engine::Dataset::load(folder);
        // A top folder around the files, as an extracted archive has: detection looks into it.
        const engine::InMemoryFolder memory = readIntoMemory(folder.parent_path(), "mem");
        const engine::Dataset fromMemory = engine::Dataset::load(memory);
        requireSameData(fromDisk, fromMemory);
        QCOMPARE(fromMemory.info().root.generic_string(), std::string("mem/dataset"));
        const engine::DatasetInfo inspected = engine::Dataset::inspect(memory);
        QCOMPARE(inspected.trainCount, fromDisk.info().trainCount);
        QCOMPARE(inspected.shape, fromDisk.info().shape);
    }

    // Finding 2: a small gzip file declaring 10 images inflated to gigabytes. From memory the
    // stream stops where the header's size ends.
    void anInflationBombStopsAtTheDeclaredSize()
    {
        const fs::path folder = dir("bomb");
        test::writeIdx(folder, 10, 4, false);
        engine::InMemoryFolder memory = readIntoMemory(folder, "bomb");
        std::vector<std::uint8_t>& images = memory.files.at("train-images-idx3-ubyte");
        images.resize(images.size() + (std::size_t{256} << 20), 0); // 256 MiB of zeros past the declared end
        memory.files["train-images-idx3-ubyte.gz"] = gzipOf(images);
        memory.files.erase("train-images-idx3-ubyte");
        QVERIFY(memory.files.at("train-images-idx3-ubyte.gz").size() < (std::size_t{1} << 20));
        const std::string error = errorOf(memory);
        QVERIFY2(error.find("bytes its header declares") != std::string::npos, error.c_str());
        QVERIFY2(error.find("bomb/train-images-idx3-ubyte.gz") != std::string::npos, error.c_str());
    }

    void errorsNameTheInMemoryPath()
    {
        const fs::path folder = dir("bad-cifar");
        test::writeCifar10(folder, {.recordsPerTrainBatch = 4, .testRecords = 4, .classCount = 2});
        engine::InMemoryFolder memory = readIntoMemory(folder, "upload");
        memory.files.at("data_batch_3.bin").resize(100);
        const std::string error = errorOf(memory);
        QVERIFY2(error.find("upload/data_batch_3.bin") != std::string::npos, error.c_str());
        QVERIFY2(error.find("not a whole number") != std::string::npos, error.c_str());

        engine::InMemoryFolder empty;
        QVERIFY2(errorOf(empty).find("no dataset recognised") != std::string::npos, errorOf(empty).c_str());
    }

    // A path naming a file and a folder at once, and empty or dot components, name nothing odd.
    void oddPathsAreTakenAsTheyAre()
    {
        const fs::path folder = dir("odd");
        test::writeImageFolder(folder, {"a", "b"}, 2, 1, 8);
        engine::InMemoryFolder memory = readIntoMemory(folder, "odd");
        memory.files["train/a"] = {1, 2, 3};            // also a folder: the folder wins
        memory.files["train/b//x.png"] = {1};           // an empty component: not walked
        memory.files["train/b/../../escape.png"] = {1}; // a dot component: not walked
        const engine::Dataset data = engine::Dataset::load(memory);
        QCOMPARE(data.size(engine::Split::Train), 4);
    }

    // The readers' paths are resolved as the file system resolves them, and nothing outside the
    // folder is found in it.
    void pathsResolveLikeTheFileSystem()
    {
        engine::InMemoryFolder memory;
        memory.name = "up/images";
        memory.files["train/a/0.png"] = {7, 8};
        const engine::MemoryFiles files(memory);
        using Kind = engine::FileSource::Kind;
        QCOMPARE(files.kind("up/images"), Kind::Folder);
        QCOMPARE(files.kind("./up//images/"), Kind::Folder);
        QCOMPARE(files.kind("up/images/train/../train/a"), Kind::Folder);
        QCOMPARE(files.kind("up/images/./train/a/0.png"), Kind::File);
        QCOMPARE(files.kind("up/x/../images/train/a/0.png"), Kind::File);
        QCOMPARE(files.kind("up/images/train/a/0.png/"), Kind::Missing); // as stat(2) says
        QCOMPARE(files.kind("up/images/.."), Kind::Missing);
        QCOMPARE(files.kind("up/images/../images2/train"), Kind::Missing);
        QCOMPARE(files.kind("up/images2/train"), Kind::Missing);
        QCOMPARE(files.kind("up/image"), Kind::Missing);
        QCOMPARE(files.kind("/up/images/train"), Kind::Missing);
        QCOMPARE(files.kind("up/images/train/b"), Kind::Missing);
        QCOMPARE(files.read("up/images/train/a/0.png", 1), (std::vector<std::uint8_t>{7}));
        QCOMPARE(files.folderKey("up/images/train/./a"), files.folderKey("up/images/train/a"));
    }

    // A folder's keys need not be neighbours in the map ("a-b" and "a.png" sort between "a" and
    // "a/x"): each name is listed once, a folder when any key continues below it.
    void listingNamesEachChildOnce()
    {
        for (const std::string root : {"images", "./images/"}) { // compared as text, and normalised
            engine::InMemoryFolder memory;
            memory.name = root;
            for (const char* key : {"t/a", "t/a-b", "t/a.png", "t/a/x", "t/a/y/z", "t/b.png", "t/.c/d", "t//e", "u"})
                memory.files[key] = {1};
            const engine::MemoryFiles files(memory);
            std::vector<std::string> listed;
            for (const engine::FileSource::Entry& entry : files.list("images/t"))
                listed.push_back(entry.name + (entry.kind == engine::FileSource::Kind::Folder ? "/" : ""));
            QCOMPARE(listed, (std::vector<std::string>{".c/", "a/", "a-b", "a.png", "b.png"}));
            QCOMPARE(files.list("images").size(), std::size_t{2});
            QCOMPARE(files.kind("images/t/a"), engine::FileSource::Kind::Folder);
            QCOMPARE(files.kind("images/t/a-"), engine::FileSource::Kind::Missing);
        }
    }
};

QTEST_GUILESS_MAIN(TestInMemoryData)
#include "test_in_memory_data.moc"
