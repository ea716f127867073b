// Hostile and damaged inputs (the fault-injection findings): each gives one clear engine::Error
// naming the file, never a crash, an unbounded allocation or a silent acceptance.
#include "core/atomic_file.h"
#include "core/library_errors.h"
#include "support/experiment_fixtures.h"
#include "support/fixtures.h"
#include "train/pickle_scan.h"
#include "train/torch_archive.h"

#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/data/dataset.h"
#include "cnnwb/engine/model/model_spec.h"
#include "cnnwb/engine/records/experiment.h"
#include "cnnwb/engine/records/run_manifest.h"
#include "cnnwb/engine/train/checkpoint.h"
#include "cnnwb/engine/train/trainer.h"

#include <ATen/core/Dict.h>
#include <ATen/core/ivalue.h>
#include <c10/util/Exception.h>

#include <QTemporaryDir>

#include <QTest>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

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

void put32(std::string& out, std::uint32_t value)
{
    for (int shift = 24; shift >= 0; shift -= 8)
        out.push_back(static_cast<char>((value >> shift) & 0xFF));
}

// An IDX image file declaring `count` images of rows x cols, holding `pixels` bytes after the header.
void writeIdxImages(
    const fs::path& file, std::uint32_t count, std::uint32_t rows, std::uint32_t cols, std::size_t pixels)
{
    std::string header;
    put32(header, 0x00000803);
    put32(header, count);
    put32(header, rows);
    put32(header, cols);
    gzFile out = gzopen(file.c_str(), "wb9");
    gzwrite(out, header.data(), static_cast<unsigned>(header.size()));
    const std::string zeros(1 << 20, '\0');
    for (std::size_t done = 0; done < pixels; done += zeros.size())
        gzwrite(out, zeros.data(), static_cast<unsigned>(std::min(zeros.size(), pixels - done)));
    gzclose(out);
}

engine::ModelSpec hugeLinear()
{
    engine::ModelSpec spec;
    spec.name = "huge";
    spec.input = {3, 32, 32};
    engine::LayerSpec linear = engine::LayerSpec::defaults(engine::LayerKind::Linear);
    linear.outChannels = 1000000000;
    engine::LayerSpec head = engine::LayerSpec::defaults(engine::LayerKind::Linear);
    head.outChannels = 4;
    spec.layers = {engine::LayerSpec::defaults(engine::LayerKind::Flatten), linear, head};
    return spec;
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
        m_checkpoint = test::trainTinyRun(m_tmp.path().toStdString());
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

    // Finding of the window walkthrough (issue 18): "[json.exception.type_error.302]" in a dialog.
    void jsonFieldErrorsLoseTheLibraryTag()
    {
        const fs::path manifest = fs::path(m_tmp.path().toStdString()) / "run.json";
        writeAll(manifest, "{\"software\": 3}");
        const engine::Error e = errorOf([&] { (void)engine::loadRunManifest(manifest); });
        QCOMPARE(e.code(), engine::ErrorCode::InvalidData);
        QVERIFY2(e.message().starts_with("malformed run manifest: "), e.what());
        QVERIFY2(e.message().find("json.exception") == std::string::npos, e.what());
        QVERIFY2(e.message().find('[') == std::string::npos, e.what());
    }

    // Found by fuzz_experiment: a number beyond a double escaped as nlohmann's out_of_range.
    void aNumberTooLargeIsOnePlainSentence()
    {
        for (const char* json : {R"({"version": 1e999})", R"({"version": 33333333333333333333333E3333332})"}) {
            const engine::Error e = errorOf([&] { (void)engine::modelSpecFromJson(json, "spec.json"); });
            QCOMPARE(e.code(), engine::ErrorCode::InvalidData);
            QVERIFY2(e.message() == "not valid JSON: a number is too large to represent", e.what());
            const engine::Error f = errorOf([&] { (void)engine::experimentFromJson(json, {}, "exp.json"); });
            QCOMPARE(f.code(), engine::ErrorCode::InvalidData);
        }
    }

    // Found by fuzz_experiment: a float where an integer belongs (1e20 epochs) was converted by
    // nlohmann with undefined behaviour; integers out of range (a seed of -1, 2^32 + 2 channels)
    // were wrapped silently (finding 8's coercions, in files).
    void numbersThatDoNotFitAreRefused()
    {
        for (const char* training :
            {R"({"epochs": 1e20})", R"({"epochs": 2.5})", R"({"seed": -1})", R"({"batch_size": 4294967298})"}) {
            const std::string json = std::string(R"({"version": 1, "model": {"version": 1, "input": [1, 4, 4], )")
                + R"("layers": [{"type": "Flatten"}, {"type": "Linear", "out_features": 2}]}, "training": )" + training
                + "}";
            const engine::Error e = errorOf([&] { (void)engine::experimentFromJson(json, {}, "exp.json"); });
            QVERIFY2(e.code() == engine::ErrorCode::InvalidData, e.what());
            QVERIFY2(std::string(e.what()).find("exp.json") != std::string::npos, e.what());
            QVERIFY2(e.message().find("training.") != std::string::npos, e.what());
        }
        // The same model with a number that fits reads.
        (void)engine::experimentFromJson(R"({"version": 1, "model": {"version": 1, "input": [1, 4, 4], )"
                                         R"("layers": [{"type": "Flatten"}]}, "training": {"epochs": 3}})",
            {}, "ok.json");
        const std::string spec = R"({"version": 1, "input": [3, 32, 32], "layers": [)"
                                 R"({"type": "Conv2d", "out_channels": 4294967298, "kernel_size": 3}]})";
        const engine::Error e = errorOf([&] { (void)engine::modelSpecFromJson(spec, "spec.json"); });
        QVERIFY2(e.message().find("out_channels: is out of range") != std::string::npos, e.what());
        const engine::Error input = errorOf([&] {
            (void)engine::modelSpecFromJson(R"({"version": 1, "input": [3, 4294967328, 32], "layers": []})", "s.json");
        });
        QVERIFY2(input.message().find("model.input: is out of range") != std::string::npos, input.what());
    }

    // Found by fuzz_checkpoint: a 20 kB checkpoint whose pickle declared a 21 GB string made
    // LibTorch's unpickler allocate 21 GB before reading it. Declared lengths are checked first.
    void pickleLengthsBeyondTheirBytesAreRefused()
    {
        using namespace std::string_literals;
        QCOMPARE(engine::pickleProblem("\x80\x02X\x03\x00\x00\x00"
                                       "abc."s),
            std::string());
        QCOMPARE(engine::pickleProblem("\x80\x02(K\x01M\x02\x00]q\x00c__main__\nX\n."s), std::string());
        const std::string huge = engine::pickleProblem("\x80\x02X\xff\xff\xff\xff"
                                                       "abc."s);
        QVERIFY2(huge.find("declares 4294967295 bytes where 4 remain") != std::string::npos, huge.c_str());
        const std::string eight = engine::pickleProblem("\x80\x02\x8e\x50\xd6\x17\x16\x05\x00\x00\x00"
                                                        "xyz."s);
        QVERIFY2(eight.find("declares 21845497424 bytes") != std::string::npos, eight.c_str());
        QVERIFY(!engine::pickleProblem("\x80\x02J\x01\x00"s).empty()); // cut inside BININT's argument
        const std::string memo = engine::pickleProblem("\x80\x02]r\x00\x00\x00\x58."s);
        QVERIFY2(memo.find("memo index 1476395008") != std::string::npos, memo.c_str());
        QCOMPARE(engine::pickleProblem("\x80\x02]r\x00\x00\x00\x00."s), std::string());
    }

    // Found by fuzz_checkpoint: LibTorch's in-memory zip reader copied whatever range miniz asked
    // for, past the end of the buffer for a directory pointing there (a heap overflow under ASan).
    // Zip structures pointing anywhere give an Error (the ASan preset checks nothing is overread).
    void zipStructuresPointingPastTheEndAreRefused()
    {
        std::ifstream in(m_checkpoint, std::ios::binary);
        const std::vector<std::uint8_t> good{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
        const auto eocd = [&] {
            for (std::size_t i = good.size() - 22;; --i)
                if (good[i] == 'P' && good[i + 1] == 'K' && good[i + 2] == 5 && good[i + 3] == 6)
                    return i;
        }();
        std::vector<std::vector<std::uint8_t>> variants;
        // The end-of-directory record's counts, size and offset set to their largest values, one by one.
        for (const std::size_t field : {8, 10, 12, 16}) {
            std::vector<std::uint8_t> bad = good;
            const std::size_t width = field >= 12 ? 4 : 2;
            for (std::size_t b = 0; b < width; ++b)
                bad[eocd + field + b] = 0xFF;
            variants.push_back(bad);
        }
        // The crashing input's shape: an empty end record mid-file, claiming a long comment.
        std::vector<std::uint8_t> early(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(good.size() / 2));
        const std::uint8_t record[22] = {'P', 'K', 5, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x0e};
        early.insert(early.end(), std::begin(record), std::end(record));
        early.insert(early.end(), good.begin() + static_cast<std::ptrdiff_t>(good.size() / 2) + 22, good.end());
        variants.push_back(early);
        for (std::size_t cut = 30; cut < good.size(); cut += good.size() / 7)
            variants.emplace_back(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(cut));
        // 0xFFFF counts are zip64's marker, and LibTorch writes the zip64 record too: those may load,
        // and then as the same checkpoint.
        for (const auto& bytes : variants) {
            try {
                QCOMPARE(engine::Checkpoint::read(bytes, "odd.ckpt").info().history.size(), std::size_t{1});
            } catch (const engine::Error& e) {
                QVERIFY2(e.code() == engine::ErrorCode::InvalidData, e.what());
                QVERIFY2(std::string(e.what()).find("odd.ckpt") != std::string::npos, e.what());
            }
        }
        QCOMPARE(engine::Checkpoint::read(good, "good.ckpt").info().history.size(), std::size_t{1});
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

    // Finding 2: a 2 MB gzipped IDX file declaring 10 images inflated to 4.5 GB, whatever the header said.
    void idxInflationBombIsRefusedAtItsDeclaredSize()
    {
        const fs::path dir = fs::path(m_tmp.path().toStdString()) / "bomb";
        test::writeIdx(dir, 10, 10, true);
        writeIdxImages(dir / "train-images-idx3-ubyte.gz", 10, 28, 28, std::size_t{256} << 20);
        QVERIFY(fs::file_size(dir / "train-images-idx3-ubyte.gz") < (std::uintmax_t{2} << 20));
        const engine::Error e = errorOf([&] { (void)engine::Dataset::load(dir); });
        QCOMPARE(e.code(), engine::ErrorCode::InvalidData);
        QVERIFY2(e.message().find("holds more than the 7856 bytes its header declares") != std::string::npos, e.what());
        QCOMPARE(e.context().file, (dir / "train-images-idx3-ubyte.gz").string());
    }

    void idxSizesAreShownAsWritten()
    {
        const fs::path dir = fs::path(m_tmp.path().toStdString()) / "wide";
        test::writeIdx(dir, 10, 10, false);
        fs::remove(dir / "train-images-idx3-ubyte");
        writeIdxImages(dir / "train-images-idx3-ubyte.gz", 10, 0xFFFFFFFF, 0xFFFFFFFF, 0);
        const engine::Error e = errorOf([&] { (void)engine::Dataset::load(dir); });
        QVERIFY2(e.message().find("implausible image size 4294967295x4294967295") != std::string::npos, e.what());
    }

    // Finding 2: a Linear of 10^9 outputs tried to allocate until the machine ran out.
    void modelBeyondTheMemoryBudgetIsRefusedBeforeItIsBuilt()
    {
        const fs::path root = m_tmp.path().toStdString();
        engine::TrainConfig config;
        config.epochs = 1;
        config.device = "cpu";
        config.threads = 1;
        const engine::Error e
            = errorOf([&] { (void)engine::Trainer(config, hugeLinear()).run(engine::Dataset::load(root / "data")); });
        QCOMPARE(e.code(), engine::ErrorCode::InvalidArgument);
        QVERIFY2(e.message().find("training this model at batch size 64 needs about") != std::string::npos, e.what());
        QVERIFY2(e.message().find("more than the memory budget") != std::string::npos, e.what());
    }

    // Finding 2 through every caller that builds a model: a checkpoint's architecture check
    // built the spec it names (10^9 weights) before comparing.
    void everyModelBuildChecksTheBudget()
    {
        const engine::Checkpoint checkpoint = engine::Checkpoint::load(m_checkpoint);
        const engine::Error e = errorOf([&] { (void)engine::architectureMismatches(hugeLinear(), checkpoint); });
        QCOMPARE(e.code(), engine::ErrorCode::InvalidArgument);
        QVERIFY2(e.message().find("storing this model's weights needs about") != std::string::npos, e.what());
    }

    // Finding 7: a 2,469-character pickle dump reached the terminal. Whatever a library says
    // becomes one line of at most kMaxLibraryMessage characters.
    void libraryMessagesBecomeOneShortLine()
    {
        std::string dump = "Unpickler failed at opcode 0x71:";
        for (int i = 0; i < 80; ++i)
            dump += "\n  frame " + std::to_string(i) + ": GenericDict{'model': Tensor[32, 3, 3, 3], ...}";
        QVERIFY(dump.size() > 2000);
        const engine::Error e = engine::toEngineError(
            std::make_exception_ptr(c10::Error(c10::SourceLocation{"unpickler.cpp", "readInstruction", 1}, dump)),
            {.doing = "reading the checkpoint"});
        const std::string text = e.message();
        QVERIFY2(text.find('\n') == std::string::npos, text.c_str());
        QVERIFY2(text.size() <= engine::kMaxLibraryMessage + 40, text.c_str());
        QVERIFY2(text.starts_with("reading the checkpoint: Unpickler failed at opcode 0x71 …"), text.c_str());

        const std::string longLine(5000, 'x');
        const std::string cut = engine::conciseLibraryMessage(longLine);
        QCOMPARE(cut.size(), engine::kMaxLibraryMessage + std::string(" …").size());
        // Never inside a UTF-8 character.
        const std::string accents = engine::conciseLibraryMessage(std::string(1, 'a') + [] {
            std::string t;
            for (int i = 0; i < 400; ++i)
                t += "é";
            return t;
        }());
        QVERIFY(QString::fromUtf8(accents.c_str()).toUtf8().toStdString() == accents);
    }

    // Finding 2: a 1.1 MB 20,000 x 20,000 PNG decoded at full size (72 GB asked for as the first image).
    void decompressionBombImageIsRefusedFromItsHeader()
    {
        const fs::path dir = fs::path(m_tmp.path().toStdString()) / "photos";
        test::writeImageFolder(dir, {"cat", "dog"}, 2, 1);
        // A PNG signature and an IHDR chunk declaring 20,000 x 20,000 RGB; no decoder gets that far.
        std::vector<std::uint8_t> png = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        for (const std::uint32_t side : {20000U, 20000U})
            for (int shift = 24; shift >= 0; shift -= 8)
                png.push_back(static_cast<std::uint8_t>((side >> shift) & 0xFF));
        png.insert(png.end(), {8, 2, 0, 0, 0, 0, 0, 0, 0});
        png.resize(png.size() + (1 << 20), 0);
        const fs::path bomb = dir / "train" / "cat" / "0000.png";
        test::writeBytes(bomb, png);
        engine::DataOptions strict;
        strict.skipUnreadable = false;
        const engine::Error e = errorOf([&] { (void)engine::Dataset::load(dir, strict); });
        QCOMPARE(e.code(), engine::ErrorCode::InvalidData);
        QVERIFY2(e.message().find("20000x20000 pixels") != std::string::npos, e.what());
        QCOMPARE(e.context().file, bomb.string());
        // By default the bomb is left out with that reason, and the rest loads.
        const engine::Dataset rest = engine::Dataset::load(dir);
        QCOMPARE(rest.info().skipped.size(), std::size_t{1});
        QVERIFY(rest.info().skipped.front().reason.find("20000x20000 pixels") != std::string::npos);
    }

    // Finding 3: two runs into one folder both exited 0 and left pieces of each; a new run
    // overwrote a finished one without a word.
    void aFolderHoldingAnotherRunIsRefused()
    {
        const fs::path root = m_tmp.path().toStdString();
        const fs::path run = m_checkpoint.parent_path();
        const std::string before = readAll(m_checkpoint);
        engine::TrainConfig config;
        config.device = "cpu";
        config.threads = 1;
        config.batchSize = 16;
        config.outDir = run;
        const engine::Dataset data = engine::Dataset::load(root / "data");
        const engine::Error e = errorOf([&] { (void)engine::Trainer(config).run(data); });
        QCOMPARE(e.code(), engine::ErrorCode::InvalidArgument);
        QVERIFY2(e.message().find("holds another run") != std::string::npos, e.what());
        QVERIFY2(e.message().find("--overwrite") != std::string::npos, e.what());
        QCOMPARE(readAll(m_checkpoint), before); // nothing of the earlier run touched

        // Continuing the run in its own folder is what resuming is for.
        engine::TrainConfig more = config;
        more.epochs = 2;
        engine::Trainer resumed(more);
        resumed.resumeFrom(engine::Checkpoint::load(m_checkpoint));
        QCOMPARE(resumed.run(data).epochs.size(), std::size_t{2});
    }

    void overwriteReplacesTheWholeRun()
    {
        const fs::path root = m_tmp.path().toStdString();
        const fs::path run = root / "replaced";
        engine::TrainConfig config;
        config.device = "cpu";
        config.threads = 1;
        config.batchSize = 16;
        config.earlyStoppingPatience = 0;
        config.outDir = run;
        const engine::Dataset data = engine::Dataset::load(root / "data");
        (void)engine::Trainer(config).run(data);
        writeAll(run / "best.ckpt", "an earlier run's best"); // must not survive beside the new run
        config.overwrite = true;
        (void)engine::Trainer(config).run(data);
        QVERIFY(readAll(run / "best.ckpt") != "an earlier run's best");
        (void)engine::Checkpoint::load(run / "last.ckpt");
    }

    void aFolderAnotherProcessWritesIsRefused()
    {
        const fs::path root = m_tmp.path().toStdString();
        const fs::path run = root / "busy";
        fs::create_directories(run);
        const int fd = ::open(run.c_str(), O_RDONLY | O_DIRECTORY);
        QVERIFY(fd >= 0);
        // flock locks belong to the open file description: a second open in this process conflicts too.
        QCOMPARE(::flock(fd, LOCK_EX | LOCK_NB), 0);
        engine::TrainConfig config;
        config.device = "cpu";
        config.threads = 1;
        config.outDir = run;
        const engine::Error e
            = errorOf([&] { (void)engine::Trainer(config).run(engine::Dataset::load(root / "data")); });
        ::close(fd);
        QCOMPARE(e.code(), engine::ErrorCode::InvalidArgument);
        QVERIFY2(e.message().find("another run is writing into this folder") != std::string::npos, e.what());
        QVERIFY(!fs::exists(run / "manifest.json"));
    }

    // Finding 7: a symbolic-link loop in an image folder was walked until the path grew too long and
    // ended in a library message; each folder is now entered once.
    void symbolicLinkLoopsAreWalkedOnce()
    {
        const fs::path dir = fs::path(m_tmp.path().toStdString()) / "looped";
        test::writeImageFolder(dir, {"cat", "dog"}, 3, 1);
        fs::create_directory_symlink("..", dir / "train" / "cat" / "up");  // back to train/
        fs::create_directory_symlink(".", dir / "train" / "dog" / "self"); // to itself
        const engine::DatasetInfo info = engine::Dataset::inspect(dir);
        // cat: its 3, and dog's 3 through up/ (cat itself is not entered again); dog: its 3 (self/ skipped)
        QCOMPARE(info.trainCount, 6 + 3);
        QCOMPARE(info.testCount, 2);
    }

    // Finding 8: a test/ folder missing one of train/'s classes was accepted.
    void aTestFolderMissingAClassIsRefused()
    {
        const fs::path dir = fs::path(m_tmp.path().toStdString()) / "partial-test";
        test::writeImageFolder(dir, {"cat", "dog", "owl"}, 2, 1);
        fs::remove_all(dir / "test" / "dog");
        const engine::Error e = errorOf([&] { (void)engine::Dataset::inspect(dir); });
        QCOMPARE(e.code(), engine::ErrorCode::InvalidData);
        QVERIFY2(e.message().find("test/ has no folder for class \"dog\"") != std::string::npos, e.what());
        QCOMPARE(e.context().file, (dir / "test").string());
    }
};

QTEST_GUILESS_MAIN(TestRobustness)
#include "test_robustness.moc"
