// Dataset readers on generated files in the real formats: good files load with the right shapes,
// labels and pixel order; every kind of corrupt input gives an Error naming the file.

#include "support/fixtures.h"

#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/core/log.h"
#include "cnnwb/engine/core/paths.h"
#include "cnnwb/engine/data/dataset.h"

#include <QTemporaryDir>
#include <QTest>

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <sstream>

using namespace cnnwb;
namespace fs = std::filesystem;

class TestDatasets : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    std::ostringstream m_log; ///< the engine's log lines since the last load()
    fs::path dir(const char* name) const { return fs::path(m_tmp.path().toStdString()) / name; }

    // Points the decoded-image cache at a folder of this test's own; returns where its files go.
    fs::path useCacheDir(const char* name) const
    {
        const fs::path cache = dir(name);
        qputenv("CNNWB_CACHE_DIR", QByteArray::fromStdString(cache.string()));
        return cache / "datasets";
    }

    // Loads `root`; `fromCache` says whether the pixels came from the cache (the engine logs which).
    engine::Dataset load(const fs::path& root, bool& fromCache)
    {
        m_log.str({});
        engine::Dataset data = engine::Dataset::load(root);
        fromCache = m_log.str().find("from the decoded-image cache") != std::string::npos;
        return data;
    }

    static std::vector<fs::path> cacheFiles(const fs::path& folder)
    {
        std::vector<fs::path> files;
        for (const auto& entry : fs::directory_iterator(folder))
            if (entry.path().extension() == ".u8cache")
                files.push_back(entry.path());
        return files;
    }

    static void expectSameData(const engine::Dataset& got, const engine::Dataset& expected)
    {
        QCOMPARE(got.info().classNames, expected.info().classNames);
        QCOMPARE(got.info().shape, expected.info().shape);
        QCOMPARE(got.info().name, expected.info().name);
        for (const engine::Split split : {engine::Split::Train, engine::Split::Test}) {
            QCOMPARE(got.size(split), expected.size(split));
            QVERIFY(std::ranges::equal(got.labels(split), expected.labels(split)));
            QVERIFY(std::ranges::equal(got.pixels(split), expected.pixels(split)));
        }
    }

    static void flipByte(const fs::path& file, std::streamoff offset)
    {
        std::fstream stream(file, std::ios::in | std::ios::out | std::ios::binary);
        stream.seekg(offset);
        const auto byte = static_cast<char>(stream.get());
        stream.seekp(offset);
        stream.put(static_cast<char>(~byte));
    }

    // Runs `load` on `folder`, expects an Error whose text contains every fragment.
    // Strict: an image that cannot be decoded stops loading (by default it is left out and listed).
    static void expectError(const fs::path& folder, const std::vector<std::string>& fragments)
    {
        try {
            engine::DataOptions strict;
            strict.skipUnreadable = false;
            (void)engine::Dataset::load(folder, strict);
            QFAIL("loading succeeded but should have failed");
        } catch (const engine::Error& e) {
            const std::string text = e.what();
            for (const auto& fragment : fragments)
                QVERIFY2(text.find(fragment) != std::string::npos, (text + " -- lacks: " + fragment).c_str());
            QVERIFY2(text.find("Exception raised from") == std::string::npos, "backtrace leaked into the message");
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        // The engine logs whether a load came from the decoded-image cache; the cache tests read
        // that log. Warnings still reach stderr.
        auto capture = std::make_shared<spdlog::sinks::ostream_sink_mt>(m_log);
        capture->set_pattern("%l %v");
        auto console = std::make_shared<spdlog::sinks::stderr_sink_mt>();
        console->set_level(spdlog::level::warn);
        auto logger = std::make_shared<spdlog::logger>(engine::kLoggerName, spdlog::sinks_init_list{capture, console});
        logger->set_level(spdlog::level::debug);
        spdlog::register_logger(logger);
    }

    void cleanupTestCase() { spdlog::drop(engine::kLoggerName); }

    // Every ImageFolder load writes its cache into the temporary folder, never into ~/.cache.
    void init() { useCacheDir("cache"); }

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

    void imageFolderSortsNestedFilesLikePaths()
    {
        // Files in sub-folders of a class sort component by component, as std::filesystem::path
        // does: "0000/z.png" < "0000-b.png" < "0000.png" (plain string order would put the sub-folder last).
        const fs::path root = dir("nested");
        test::writeImageFolder(root, {"cat", "dog"}, 2, 1);
        const fs::path cat = root / "train" / "cat";
        fs::create_directories(cat / "0000");
        fs::copy_file(root / "train" / "dog" / "0000.png", cat / "0000" / "z.png");
        fs::copy_file(root / "train" / "dog" / "0001.png", cat / "0000-b.png");
        const engine::Dataset data = engine::Dataset::load(root);
        QCOMPARE(data.size(engine::Split::Train), std::int64_t{6});
        const auto pixels = data.pixels(engine::Split::Train);
        const auto image = [&](std::size_t i) { return pixels.subspan(i * 3 * 32 * 32, 3 * 32 * 32); };
        QVERIFY(std::ranges::equal(image(0), image(4))); // 0000/z.png is dog/0000.png
        QVERIFY(std::ranges::equal(image(1), image(5))); // 0000-b.png is dog/0001.png
        QVERIFY(!std::ranges::equal(image(0), image(2)));
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
        // A dataset mounted as the data folder itself (a container's --data) is the one meant.
        const fs::path mounted = dir("mounted-as-data");
        test::writeImageFolder(mounted, {"ant", "bee"}, 1, 1);
        QCOMPARE(engine::findDefaultDataset(mounted, fallback), std::optional<fs::path>(mounted));
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

    void cifarBatchThatIsAFolderNamesIt()
    {
        // A folder opens like a file on Linux; its size of -1 once became a std::bad_alloc.
        const fs::path root = dir("bad-folder-batch");
        test::writeCifar10(root, {.recordsPerTrainBatch = 1, .testRecords = 1, .classCount = 10});
        fs::remove(root / "test_batch.bin");
        fs::create_directories(root / "test_batch.bin");
        expectError(root, {"test_batch.bin", "is a folder, not a file"});
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
        expectError(root, {(root / "train" / "emu").string(), "\"emu\" holds no images"});
    }

    void undecodableImageNamesFile()
    {
        const fs::path root = dir("bad-image");
        test::writeImageFolder(root, {"cat", "dog"}, 2, 1);
        const fs::path broken = root / "train" / "dog" / "0001.png";
        test::writeBytes(broken, {0x89, 'P', 'N', 'G', 0, 1, 2, 3, 4});
        expectError(root, {broken.string(), "cannot decode image"});
        const engine::Dataset lenient = engine::Dataset::load(root); // the default: left out, listed
        QCOMPARE(lenient.info().skipped.size(), std::size_t{1});
        QCOMPARE(lenient.info().skipped.front().path, std::string("train/dog/0001.png"));
        QCOMPARE(lenient.size(engine::Split::Train), 3);
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

    void imageFolderCacheIsWrittenThenUsed()
    {
        const fs::path cache = useCacheDir("cache-used");
        const fs::path root = dir("cached-folder");
        test::writeImageFolder(root, {"cat", "dog", "emu"}, 4, 2, 20);
        bool fromCache = true;
        const engine::Dataset decoded = load(root, fromCache);
        QVERIFY(!fromCache);
        QCOMPARE(cacheFiles(cache).size(), std::size_t{1});
        const engine::Dataset cached = load(root, fromCache);
        QVERIFY(fromCache);
        expectSameData(cached, decoded);
        QCOMPARE(cached.info().root, decoded.info().root);
        QCOMPARE(cached.info().format, engine::DatasetFormat::ImageFolder);

        // Another folder (grayscale this time) has a cache file of its own; the first one's stays good.
        const fs::path gray = dir("cached-gray");
        test::writeImageFolder(gray, {"a", "b"}, 3, 2, 16, true);
        const engine::Dataset grayDecoded = load(gray, fromCache);
        QVERIFY(!fromCache);
        QCOMPARE(cacheFiles(cache).size(), std::size_t{2});
        expectSameData(load(gray, fromCache), grayDecoded);
        QVERIFY(fromCache);
        expectSameData(load(root, fromCache), decoded);
        QVERIFY(fromCache);
    }

    void imageFolderCacheNoticesChanges()
    {
        useCacheDir("cache-changes");
        const fs::path root = dir("changing-folder");
        test::writeImageFolder(root, {"cat", "dog", "emu"}, 3, 2);
        bool fromCache = false;
        (void)load(root, fromCache);
        const engine::Dataset before = load(root, fromCache);
        QVERIFY(fromCache);
        constexpr std::ptrdiff_t kPerImage = 3 * 32 * 32;
        const auto sample = [](const engine::Dataset& data, std::ptrdiff_t i) {
            return data.pixels(engine::Split::Train).subspan(static_cast<std::size_t>(i * kPerImage), kPerImage);
        };
        QVERIFY(!std::ranges::equal(sample(before, 4), sample(before, 0)));

        // New contents: train/dog/0001.png (sample 4) becomes a copy of train/cat/0000.png (sample 0).
        // Its mtime is set explicitly, since a filesystem's clock ticks only every few milliseconds.
        const fs::path changed = root / "train" / "dog" / "0001.png";
        const auto mtime = fs::last_write_time(changed);
        fs::copy_file(root / "train" / "cat" / "0000.png", changed, fs::copy_options::overwrite_existing);
        fs::last_write_time(changed, mtime + std::chrono::seconds(2));
        const engine::Dataset edited = load(root, fromCache);
        QVERIFY(!fromCache);
        QVERIFY(std::ranges::equal(sample(edited, 4), sample(before, 0)));
        QCOMPARE(edited.labels(engine::Split::Train)[4], std::int64_t{1});
        expectSameData(load(root, fromCache), edited); // the rewritten cache
        QVERIFY(fromCache);

        // A file more.
        fs::copy_file(root / "test" / "emu" / "0000.png", root / "train" / "emu" / "0099.png");
        const engine::Dataset added = load(root, fromCache);
        QVERIFY(!fromCache);
        QCOMPARE(added.size(engine::Split::Train), std::int64_t{10});

        // A renamed class: new names, and its images now come first.
        fs::rename(root / "train" / "emu", root / "train" / "ant");
        fs::rename(root / "test" / "emu", root / "test" / "ant");
        const engine::Dataset renamed = load(root, fromCache);
        QVERIFY(!fromCache);
        QCOMPARE(renamed.info().classNames, (std::vector<std::string>{"ant", "cat", "dog"}));
        QVERIFY(std::ranges::equal(sample(renamed, 0), sample(added, 6)));
        QCOMPARE(renamed.labels(engine::Split::Train)[0], std::int64_t{0});

        // A file fewer.
        fs::remove(root / "test" / "cat" / "0001.png");
        const engine::Dataset removed = load(root, fromCache);
        QVERIFY(!fromCache);
        QCOMPARE(removed.size(engine::Split::Test), std::int64_t{5});
        expectSameData(load(root, fromCache), removed);
        QVERIFY(fromCache);
    }

    void imageFolderDamagedCacheFallsBackToDecoding()
    {
        const fs::path cache = useCacheDir("cache-damaged");
        const fs::path root = dir("damaged-cache-folder");
        test::writeImageFolder(root, {"cat", "dog"}, 3, 2);
        bool fromCache = true;
        const engine::Dataset reference = load(root, fromCache);
        QVERIFY(!fromCache);
        QCOMPARE(cacheFiles(cache).size(), std::size_t{1});
        const fs::path file = cacheFiles(cache).front();
        const auto size = static_cast<std::streamoff>(fs::file_size(file));
        // The labels follow the header, whose size is the little-endian uint64 at byte 12.
        std::streamoff headerBytes = 0;
        {
            std::ifstream in(file, std::ios::binary);
            in.seekg(12);
            for (int i = 0; i < 8; ++i)
                headerBytes |= static_cast<std::streamoff>(static_cast<unsigned char>(in.get())) << (8 * i);
        }
        QVERIFY(headerBytes > 20 && headerBytes < size);

        const std::vector<std::pair<const char*, std::function<void()>>> damages = {
            {"a pixel byte flipped", [&] { flipByte(file, size - 100); }},
            {"a label byte flipped", [&] { flipByte(file, headerBytes + 8); }},
            {"a class name byte flipped", [&] { flipByte(file, headerBytes - 20); }},
            {"the checksum flipped", [&] { flipByte(file, size - 1); }},
            {"bad magic", [&] { flipByte(file, 0); }},
            {"cut in half", [&] { test::truncateFile(file, static_cast<std::uintmax_t>(size / 2)); }},
            {"one byte short", [&] { test::truncateFile(file, static_cast<std::uintmax_t>(size - 1)); }},
            {"cut inside the header", [&] { test::truncateFile(file, 30); }},
            {"empty", [&] { test::truncateFile(file, 0); }},
            {"a byte too long", [&] { std::ofstream(file, std::ios::binary | std::ios::app).put('x'); }},
            {"not a cache at all", [&] { std::ofstream(file, std::ios::binary | std::ios::trunc) << "hello"; }},
        };
        for (const auto& [what, damage] : damages) {
            damage();
            const engine::Dataset loaded = load(root, fromCache);
            QVERIFY2(!fromCache, what);
            QVERIFY2(m_log.str().find("not using the decoded-image cache") != std::string::npos, what);
            expectSameData(loaded, reference);
            QCOMPARE(static_cast<std::streamoff>(fs::file_size(file)), size); // rewritten whole
            expectSameData(load(root, fromCache), reference);
            QVERIFY2(fromCache, what);
        }
    }

    void imageFolderLoadsWithoutWritableCache()
    {
        // A cache folder below a plain file can never be created, not even by root.
        const fs::path blocker = dir("cache-blocker");
        test::writeBytes(blocker, {'x'});
        qputenv("CNNWB_CACHE_DIR", QByteArray::fromStdString((blocker / "cache").string()));
        const fs::path root = dir("uncached-folder");
        test::writeImageFolder(root, {"cat", "dog"}, 2, 1);
        bool fromCache = true;
        const engine::Dataset first = load(root, fromCache);
        QVERIFY(!fromCache);
        QVERIFY2(m_log.str().find("warning could not write the decoded-image cache") != std::string::npos,
            m_log.str().c_str());
        QCOMPARE(first.size(engine::Split::Train), std::int64_t{4});
        const engine::Dataset second = load(root, fromCache);
        QVERIFY(!fromCache);
        expectSameData(second, first);
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
