// Dataset readers on generated files in the real formats: good files load with the right shapes,
// labels and pixel order; every kind of corrupt input gives an Error naming the file.

#include "support/fixtures.h"

#include "cnnwb/engine/dataset.h"
#include "cnnwb/engine/error.h"
#include "cnnwb/engine/paths.h"

#include <QTemporaryDir>
#include <QTest>

#include <fstream>

using namespace cnnwb;
namespace fs = std::filesystem;

class TestDatasets : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    fs::path dir(const char* name) const { return fs::path(m_tmp.path().toStdString()) / name; }

    // Runs `load` on `folder`, expects an Error whose text contains every fragment.
    static void expectError(const fs::path& folder, const std::vector<std::string>& fragments)
    {
        try {
            (void)engine::Dataset::load(folder);
            QFAIL("loading succeeded but should have failed");
        } catch (const engine::Error& e) {
            const std::string text = e.what();
            for (const auto& fragment : fragments)
                QVERIFY2(text.find(fragment) != std::string::npos, (text + " -- lacks: " + fragment).c_str());
            QVERIFY2(text.find("Exception raised from") == std::string::npos, "backtrace leaked into the message");
        }
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_tmp.isValid()); }

    void cifarBinaryLoads()
    {
        const fs::path root = dir("cifar");
        test::writeCifar10(root, {.recordsPerTrainBatch = 6, .testRecords = 5, .classCount = 10});
        const engine::Dataset data = engine::Dataset::load(root);
        QCOMPARE(data.info().format, engine::DatasetFormat::Cifar10Binary);
        QCOMPARE(data.info().name, std::string("CIFAR-10"));
        QCOMPARE(data.info().shape, (engine::ImageShape{3, 32, 32}));
        QCOMPARE(data.info().classNames.size(), std::size_t{10});
        QCOMPARE(data.info().classNames[3], std::string("class3"));
        QCOMPARE(data.size(engine::Split::Train), std::int64_t{30});
        QCOMPARE(data.size(engine::Split::Test), std::int64_t{5});
        QCOMPARE(data.labels(engine::Split::Train)[7], std::int64_t{7});
        // Planar R, G, B planes exactly as in the file: check one pixel of each plane of sample 13.
        const auto pixels = data.pixels(engine::Split::Train);
        const std::int64_t sample = 13;
        for (int c = 0; c < 3; ++c)
            QCOMPARE(pixels[static_cast<std::size_t>(sample * 3072 + c * 1024 + 5 * 32 + 20)],
                test::separablePixel(sample, 3, c, 5, 20, 32));
    }

    void cifar100BinaryLoadsFineLabels()
    {
        const fs::path root = dir("parent100") / "cifar-100-binary";
        test::writeCifar100(root, 300, 100);
        // Found from the parent folder, as the official archive unpacks.
        const engine::Dataset data = engine::Dataset::load(dir("parent100"));
        QCOMPARE(data.info().format, engine::DatasetFormat::Cifar100Binary);
        QCOMPARE(data.info().name, std::string("CIFAR-100"));
        QCOMPARE(data.info().classNames.size(), std::size_t{100});
        QCOMPARE(data.info().classNames[42], std::string("fine42"));
        QCOMPARE(data.size(engine::Split::Train), std::int64_t{300});
        QCOMPARE(data.size(engine::Split::Test), std::int64_t{100});
        QCOMPARE(data.labels(engine::Split::Train)[142], std::int64_t{42}); // the fine label, not the coarse 8
        QCOMPARE(data.labels(engine::Split::Test)[0], std::int64_t{0});     // test records continue the cycle at 300
        // Pixels follow the two label bytes.
        const auto pixels = data.pixels(engine::Split::Train);
        std::ifstream raw(root / "train.bin", std::ios::binary);
        std::vector<char> first(2 + 3072);
        raw.read(first.data(), static_cast<std::streamsize>(first.size()));
        QCOMPARE(static_cast<int>(pixels[0]), static_cast<int>(static_cast<unsigned char>(first[2])));
        QCOMPARE(static_cast<int>(pixels[3071]), static_cast<int>(static_cast<unsigned char>(first[3073])));
        const engine::DatasetInfo info = engine::Dataset::inspect(dir("parent100"));
        QCOMPARE(info.trainCount, std::int64_t{300});
        QCOMPARE(info.classNames.size(), std::size_t{100});
    }

    void cifar100BadFilesNameTheFile()
    {
        const fs::path root = dir("bad100");
        test::writeCifar100(root, 20, 10);
        fs::resize_file(root / "test.bin", 3074 * 10 - 7);
        expectError(root, {"test.bin", "not a whole number of 3074-byte CIFAR-100 records"});
        test::writeCifar100(root, 20, 10, 50); // 50 names, but labels below stay in range...
        std::fstream patch(root / "train.bin", std::ios::in | std::ios::out | std::ios::binary);
        patch.seekp(3074 * 3 + 1);
        patch.put(static_cast<char>(77)); // ...except record 3's fine label
        patch.close();
        expectError(root, {"train.bin", "record 3", "label 77 is out of range 0..49"});
    }

    void cifarFoundBelowParentFolder()
    {
        const fs::path parent = dir("cifar-parent");
        test::writeCifar10(
            parent / "cifar-10-batches-bin", {.recordsPerTrainBatch = 2, .testRecords = 2, .classCount = 10});
        const auto detected = engine::detectDatasetFormat(parent);
        QVERIFY(detected.has_value());
        QCOMPARE(detected->root, parent / "cifar-10-batches-bin");
    }

    void idxLoads_data()
    {
        QTest::addColumn<bool>("gzip");
        QTest::newRow("plain") << false;
        QTest::newRow("gzip") << true;
    }

    void idxLoads()
    {
        QFETCH(bool, gzip);
        const fs::path root = dir(gzip ? "fashion-mnist-gz" : "mnist-plain");
        test::writeIdx(root, 30, 12, gzip);
        const engine::Dataset data = engine::Dataset::load(root);
        QCOMPARE(data.info().format, engine::DatasetFormat::Idx);
        QCOMPARE(data.info().shape, (engine::ImageShape{1, 28, 28}));
        QCOMPARE(data.size(engine::Split::Train), std::int64_t{30});
        QCOMPARE(data.size(engine::Split::Test), std::int64_t{12});
        QCOMPARE(data.labels(engine::Split::Test)[0], std::int64_t{0}); // sample 30 -> label 0
        QCOMPARE(data.info().name, std::string(gzip ? "Fashion-MNIST" : "MNIST"));
        QCOMPARE(data.info().classNames[9], std::string(gzip ? "Ankle boot" : "9"));
        QCOMPARE(data.pixels(engine::Split::Train)[static_cast<std::size_t>(2 * 784 + 3 * 28 + 4)],
            test::separablePixel(2, 2, 0, 3, 4, 28));
    }

    void imageFolderFollowsTorchvisionRules()
    {
        const fs::path root = dir("folder");
        test::writeImageFolder(root, {"zebra", "apple", "mango"}, 3, 2);
        // Hidden folders are skipped, extensions match case-insensitively, other files are ignored.
        fs::create_directories(root / "train" / ".cache");
        fs::rename(root / "train" / "apple" / "0000.png", root / "train" / "apple" / "0000.PNG");
        std::ofstream(root / "train" / "apple" / "notes.txt") << "not an image";
        const engine::Dataset data = engine::Dataset::load(root);
        QCOMPARE(data.info().format, engine::DatasetFormat::ImageFolder);
        QCOMPARE(data.info().classNames, (std::vector<std::string>{"apple", "mango", "zebra"}));
        QCOMPARE(data.size(engine::Split::Train), std::int64_t{9});
        QCOMPARE(data.size(engine::Split::Test), std::int64_t{6});
        QCOMPARE(data.info().shape, (engine::ImageShape{3, 32, 32}));
        // Train samples are listed class by class in sorted order: apple (written as class 1), ...
        QCOMPARE(data.labels(engine::Split::Train)[0], std::int64_t{0});
        QCOMPARE(data.labels(engine::Split::Train)[3], std::int64_t{1});
        // Colour order is RGB (OpenCV decodes BGR): "apple" was class 1 when written, sample 3.
        const auto pixels = data.pixels(engine::Split::Train);
        for (int c = 0; c < 3; ++c)
            QCOMPARE(
                pixels[static_cast<std::size_t>(c * 1024 + 8 * 32 + 24)], test::separablePixel(3, 1, c, 8, 24, 32));
    }

    void imageFolderGrayscale()
    {
        const fs::path root = dir("gray");
        test::writeImageFolder(root, {"a", "b"}, 2, 1, 16, true);
        const engine::Dataset data = engine::Dataset::load(root);
        QCOMPARE(data.info().shape, (engine::ImageShape{1, 16, 16}));
    }

    void inspectMatchesLoad()
    {
        const fs::path cifar = dir("inspect-cifar");
        test::writeCifar10(cifar, {.recordsPerTrainBatch = 3, .testRecords = 4, .classCount = 10});
        const fs::path idx = dir("inspect-idx");
        test::writeIdx(idx, 7, 5, true);
        const fs::path folder = dir("inspect-folder");
        test::writeImageFolder(folder, {"x", "y"}, 2, 3);
        for (const fs::path& root : {cifar, idx, folder}) {
            const engine::DatasetInfo inspected = engine::Dataset::inspect(root);
            const engine::DatasetInfo loaded = engine::Dataset::load(root).info();
            QCOMPARE(inspected.trainCount, loaded.trainCount);
            QCOMPARE(inspected.testCount, loaded.testCount);
            QCOMPARE(inspected.shape, loaded.shape);
            QCOMPARE(inspected.classNames, loaded.classNames);
            QCOMPARE(inspected.name, loaded.name);
        }
    }

    void defaultDatasetPrefersCifar()
    {
        const fs::path data = dir("default-data");
        const fs::path fallback = dir("default-fallback");
        test::writeIdx(fallback, 4, 4, false);
        fs::create_directories(data);
        QCOMPARE(engine::findDefaultDataset(data, fallback), std::optional<fs::path>(fallback));
        test::writeImageFolder(data / "cifar10-jpeg", {"cat", "dog"}, 1, 1);
        QCOMPARE(engine::findDefaultDataset(data, fallback), std::optional<fs::path>(data / "cifar10-jpeg"));
        QCOMPARE(engine::findDefaultDataset(dir("nothing-here"), dir("nor-here")), std::optional<fs::path>());
    }

    void truncatedCifarBatchNamesFile()
    {
        const fs::path root = dir("bad-truncated");
        test::writeCifar10(root, {.recordsPerTrainBatch = 3, .testRecords = 2, .classCount = 10});
        test::truncateFile(root / "data_batch_3.bin", 3073 * 2 + 1000);
        expectError(root, {"data_batch_3.bin", "3073-byte", "truncated"});
    }

    void cifarLabelOutOfRangeNamesFileAndRecord()
    {
        const fs::path root = dir("bad-label");
        test::writeCifar10(root, {.recordsPerTrainBatch = 3, .testRecords = 2, .classCount = 10});
        std::fstream file(root / "test_batch.bin", std::ios::in | std::ios::out | std::ios::binary);
        file.seekp(3073); // label byte of record 1
        file.put(10);
        file.close();
        expectError(root, {"test_batch.bin", "record 1", "label 10 is out of range 0..9"});
    }

    void cifarMissingMetaFile()
    {
        const fs::path root = dir("bad-meta");
        test::writeCifar10(root, {.recordsPerTrainBatch = 1, .testRecords = 1, .classCount = 10});
        fs::remove(root / "batches.meta.txt");
        expectError(root, {"batches.meta.txt", "missing"});
    }

    void emptyClassFolderNamesFolder()
    {
        const fs::path root = dir("bad-empty-class");
        test::writeImageFolder(root, {"cat", "dog"}, 2, 1);
        fs::create_directories(root / "train" / "emu");
        expectError(root, {(root / "train" / "emu").string(), "class folder is empty"});
    }

    void undecodableImageNamesFile()
    {
        const fs::path root = dir("bad-image");
        test::writeImageFolder(root, {"cat", "dog"}, 2, 1);
        const fs::path broken = root / "train" / "dog" / "0001.png";
        test::writeBytes(broken, {0x89, 'P', 'N', 'G', 0, 1, 2, 3, 4});
        expectError(root, {broken.string(), "cannot decode image"});
    }

    void idxBadMagicNamesFile()
    {
        const fs::path root = dir("bad-idx-magic");
        test::writeIdx(root, 5, 5, false);
        std::fstream file(root / "train-labels-idx1-ubyte", std::ios::in | std::ios::out | std::ios::binary);
        file.seekp(3);
        file.put(0x03);
        file.close();
        expectError(root, {"train-labels-idx1-ubyte", "bad magic number 0x00000803"});
    }

    void idxTruncatedGzipNamesFile()
    {
        const fs::path root = dir("bad-idx-gz");
        test::writeIdx(root, 50, 5, true);
        const fs::path images = root / "train-images-idx3-ubyte.gz";
        test::truncateFile(images, fs::file_size(images) / 2);
        expectError(root, {"train-images-idx3-ubyte.gz"});
    }

    void unknownFolderIsExplained()
    {
        const fs::path root = dir("not-a-dataset");
        fs::create_directories(root / "a");
        fs::create_directories(root / "b");
        expectError(root, {root.string(), "no dataset recognised"});
        expectError(dir("does-not-exist"), {"does not exist"});
    }
};

QTEST_GUILESS_MAIN(TestDatasets)
#include "test_datasets.moc"
