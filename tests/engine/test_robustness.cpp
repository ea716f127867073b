// Hostile and damaged inputs (the fault-injection findings): each gives one clear engine::Error
// naming the file, never a crash, an unbounded allocation or a silent acceptance.
#include "core/atomic_file.h"
#include "support/fixtures.h"
#include "train/torch_archive.h"

#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/model/model_spec.h"
#include "cnnwb/engine/records/experiment.h"
#include "cnnwb/engine/train/checkpoint.h"
#include "cnnwb/engine/train/trainer.h"

#include <ATen/core/Dict.h>
#include <ATen/core/ivalue.h>

#include <QTemporaryDir>

#include <QTest>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

using namespace cnnwb;

namespace {

// `depth` nested arrays around a 1: [[[…1…]]].
std::string nested(int depth)
{
    return std::string(static_cast<std::size_t>(depth), '[') + "1" + std::string(static_cast<std::size_t>(depth), ']');
}

namespace fs = std::filesystem;

std::string readAll(const fs::path& file)
{
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void writeAll(const fs::path& file, const std::string& bytes)
{
    std::ofstream(file, std::ios::binary) << bytes;
}

// Where the bytes of the zip entry whose name ends in `suffix` begin (after its local header).
std::size_t entryData(const std::string& zip, const std::string& suffix)
{
    const std::size_t name = zip.find(suffix);
    const std::size_t header = zip.rfind(std::string("PK\x03\x04", 4), name);
    const auto u16 = [&](std::size_t at) {
        return static_cast<std::size_t>(static_cast<unsigned char>(zip[at]))
            | static_cast<std::size_t>(static_cast<unsigned char>(zip[at + 1])) << 8;
    };
    return header + 30 + u16(header + 26) + u16(header + 28);
}

template <typename F> engine::Error errorOf(F&& f)
{
    try {
        f();
    } catch (const engine::Error& e) {
        return e;
    }
    return {engine::ErrorCode::Backend, "no error was thrown"};
}

} // namespace

class TestRobustness : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    fs::path m_checkpoint; ///< last.ckpt of a one-epoch run

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        const fs::path root = m_tmp.path().toStdString();
        test::writeCifar10(root / "data", {.recordsPerTrainBatch = 16, .testRecords = 16, .classCount = 4});
        engine::TrainConfig config;
        config.epochs = 1;
        config.batchSize = 16;
        config.device = "cpu";
        config.threads = 1;
        config.outDir = root / "run";
        (void)engine::Trainer(config).run(engine::Dataset::load(root / "data"));
        m_checkpoint = config.outDir / "last.ckpt";
        QVERIFY(fs::exists(m_checkpoint));
    }

    // Finding 1: 100,000 levels inside "model" overflowed the stack when the value was re-serialised.
    void deeplyNestedExperimentIsRefused()
    {
        const std::string text
            = R"({"version": 1, "model": {"name": "deep", "input": [3, 32, 32], "layers": )" + nested(100000) + "}}";
        const engine::Error e = errorOf([&] { (void)engine::experimentFromJson(text, {}, "deep.json"); });
        QCOMPARE(e.code(), engine::ErrorCode::InvalidData);
        QVERIFY2(e.message().find("nests deeper than 64 levels") != std::string::npos, e.what());
        QCOMPARE(e.context().file, std::string("deep.json"));
    }

    void deeplyNestedSpecIsRefused()
    {
        const engine::Error e = errorOf([&] { (void)engine::modelSpecFromJson(nested(5000), "spec.json"); });
        QCOMPARE(e.code(), engine::ErrorCode::InvalidData);
        QVERIFY2(e.message().find("nests deeper than") != std::string::npos, e.what());
    }

    void malformedJsonIsOnePlainSentence()
    {
        const engine::Error e = errorOf([&] { (void)engine::modelSpecFromJson("{\"name\": ", "spec.json"); });
        QCOMPARE(e.code(), engine::ErrorCode::InvalidData);
        QVERIFY2(e.message().starts_with("not valid JSON: "), e.what());
        QVERIFY2(e.message().find("json.exception") == std::string::npos, e.what());
        QVERIFY2(e.message().find("line 1") != std::string::npos, e.what());
    }

    // Finding 4: 64 flipped bytes inside a tensor loaded without complaint (LibTorch's zip reader
    // checks no CRC), and evaluate then reported a loss of 3e28.
    void flippedTensorBytesAreRefused()
    {
        std::string bytes = readAll(m_checkpoint);
        const std::size_t data = entryData(bytes, "/data/0");
        QVERIFY(data + 64 < bytes.size());
        for (std::size_t i = 0; i < 64; ++i)
            bytes[data + i] = static_cast<char>(~bytes[data + i]);
        const fs::path damaged = m_checkpoint.parent_path() / "flipped.ckpt";
        writeAll(damaged, bytes);
        const engine::Error e = errorOf([&] { (void)engine::Checkpoint::load(damaged); });
        QCOMPARE(e.code(), engine::ErrorCode::InvalidData);
        QVERIFY2(e.message().find("damaged or truncated") != std::string::npos, e.what());
        QVERIFY2(e.message().find("fails its checksum") != std::string::npos, e.what());
        QCOMPARE(e.context().file, damaged.string());
        (void)engine::Checkpoint::load(m_checkpoint); // the original still loads
    }

    void newerCheckpointFormatIsRefused()
    {
        c10::IValue root = engine::readArchive(m_checkpoint, "checkpoint");
        c10::impl::GenericDict dict = root.toGenericDict();
        dict.insert_or_assign(c10::IValue(std::string("version")), c10::IValue(std::int64_t{99}));
        const fs::path future = m_checkpoint.parent_path() / "v99.ckpt";
        writeAll(future, engine::archiveBytes(root));
        const engine::Error e = errorOf([&] { (void)engine::Checkpoint::load(future); });
        QCOMPARE(e.code(), engine::ErrorCode::InvalidData);
        QVERIFY2(e.message().find("newer CNN Workbench (format 99)") != std::string::npos, e.what());
    }

    // Finding 6: a killed write left NAME.tmp-PID beside NAME, and a killed cache write a
    // <hash>.u8cache.tmp-PID of 185 MB; nothing removed them.
    void staleTemporariesAreRemovedByTheNextWriter()
    {
        const fs::path folder = fs::path(m_tmp.path().toStdString()) / "stale";
        fs::create_directories(folder);
        const std::string dead = ".tmp-99999999"; // above any pid_max: no such process
        const std::string alive = ".tmp-" + std::to_string(::getppid());
        for (const char* name : {"metrics.csv", "other.json", "a.u8cache", "b.u8cache"})
            for (const std::string& mark : {dead, alive})
                writeAll(folder / (name + mark), "partial");
        engine::writeFileAtomically(folder / "metrics.csv", "epoch\n");
        QVERIFY(!fs::exists(folder / ("metrics.csv" + dead)));
        QVERIFY(fs::exists(folder / ("metrics.csv" + alive))); // its writer may still be writing
        QVERIFY(fs::exists(folder / ("other.json" + dead)));   // another file's: left to its writer
        QCOMPARE(engine::removeStaleTemporaries(folder, ".u8cache"), 2);
        QVERIFY(!fs::exists(folder / ("a.u8cache" + dead)));
        QVERIFY(fs::exists(folder / ("b.u8cache" + alive)));
        QCOMPARE(readAll(folder / "metrics.csv"), std::string("epoch\n"));
    }
};

QTEST_GUILESS_MAIN(TestRobustness)
#include "test_robustness.moc"
