// Dataset download against an in-process HTTP server serving generated archives: a good download
// loads and is not fetched twice; checksum mismatches, truncated transfers (then resumed), servers
// without range support, 404s, cancels and archives that try to write outside the target folder.

#include "support/fixtures.h"
#include "support/http_test_server.h"

#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/data/dataset.h"
#include "cnnwb/engine/data/download/dataset_download.h"

#include <archive.h>
#include <archive_entry.h>

#include <QCryptographicHash>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <fstream>
#include <iterator>
#include <random>
#include <stdexcept>

using namespace cnnwb;
namespace fs = std::filesystem;

namespace {

using Bytes = std::vector<std::uint8_t>;

struct TarEntry {
    enum class Kind { File, Folder, Symlink, Hardlink, CharDevice };
    std::string path;
    Kind kind = Kind::File;
    Bytes content;
    std::string linkTarget;
};

// Written with libarchive's writer, which (unlike tar on the command line) keeps absolute paths,
// ".." and links exactly as given: what a malicious archive would hold.
Bytes makeTarGz(const std::vector<TarEntry>& entries)
{
    std::size_t capacity = 1 << 20;
    for (const TarEntry& e : entries)
        capacity += e.content.size() + 1024;
    Bytes buffer(capacity);
    std::size_t used = 0;
    archive* writer = archive_write_new();
    archive_write_add_filter_gzip(writer);
    archive_write_set_format_pax_restricted(writer);
    if (archive_write_open_memory(writer, buffer.data(), buffer.size(), &used) != ARCHIVE_OK)
        throw std::runtime_error(archive_error_string(writer));
    for (const TarEntry& e : entries) {
        archive_entry* entry = archive_entry_new();
        archive_entry_set_pathname(entry, e.path.c_str());
        archive_entry_set_perm(entry, 0644);
        switch (e.kind) {
        case TarEntry::Kind::File:
            archive_entry_set_filetype(entry, AE_IFREG);
            archive_entry_set_size(entry, static_cast<la_int64_t>(e.content.size()));
            break;
        case TarEntry::Kind::Folder:
            archive_entry_set_filetype(entry, AE_IFDIR);
            archive_entry_set_perm(entry, 0755);
            break;
        case TarEntry::Kind::Symlink:
            archive_entry_set_filetype(entry, AE_IFLNK);
            archive_entry_set_symlink(entry, e.linkTarget.c_str());
            break;
        case TarEntry::Kind::Hardlink:
            archive_entry_set_filetype(entry, AE_IFREG);
            archive_entry_set_hardlink(entry, e.linkTarget.c_str());
            break;
        case TarEntry::Kind::CharDevice:
            archive_entry_set_filetype(entry, AE_IFCHR);
            archive_entry_set_rdev(entry, 0x0103); // /dev/null's numbers
            break;
        }
        if (archive_write_header(writer, entry) != ARCHIVE_OK)
            throw std::runtime_error(archive_error_string(writer));
        if (e.kind == TarEntry::Kind::File && !e.content.empty())
            archive_write_data(writer, e.content.data(), e.content.size());
        archive_entry_free(entry);
    }
    archive_write_close(writer);
    archive_write_free(writer);
    buffer.resize(used);
    return buffer;
}

Bytes readBytes(const fs::path& file)
{
    std::ifstream in(file, std::ios::binary);
    return Bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::string md5Hex(const Bytes& bytes)
{
    return QCryptographicHash::hash(
        QByteArrayView(reinterpret_cast<const char*>(bytes.data()), static_cast<qsizetype>(bytes.size())),
        QCryptographicHash::Md5)
        .toHex()
        .toStdString();
}

// Everything below `dir`, relative, sorted: to show that nothing else was left or created.
std::vector<std::string> listTree(const fs::path& dir)
{
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& entry : fs::recursive_directory_iterator(dir, ec))
        names.push_back(fs::relative(entry.path(), dir).string());
    std::sort(names.begin(), names.end());
    return names;
}

struct CliResult {
    int exitCode = -1;
    QString out;
    QString err;
};

CliResult runCli(const QStringList& arguments)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_DATA_HOME"), QDir::tempPath() + QStringLiteral("/cnnwb-test-download-data"));
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(CNNWB_CLI_PATH), arguments);
    if (!process.waitForFinished(120000))
        return {};
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2,
        QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError())};
}

} // namespace

class TestDownload : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    Bytes m_cifarArchive; // a tiny CIFAR-10 binary folder as cifar-10-binary.tar.gz

    fs::path dir(const std::string& name) const { return fs::path(m_tmp.path().toStdString()) / name; }

    // The catalog's CIFAR-10 entry, fetched from `server` and checked against `archive`'s MD5.
    static engine::DownloadSpec cifarSpec(const test::HttpTestServer& server, const Bytes& archive)
    {
        engine::DownloadSpec spec = engine::withMirror(*engine::findDownload("cifar10"), server.baseUrl());
        spec.files.at(0).md5 = md5Hex(archive);
        return spec;
    }

    // Runs the download and expects an Error of `code` whose text holds every fragment.
    static void expectError(const engine::DownloadSpec& spec, const fs::path& target, engine::ErrorCode code,
        const std::vector<std::string>& fragments, const engine::DownloadProgressCallback& progress = {})
    {
        try {
            (void)engine::downloadDataset(spec, target, progress);
            QFAIL("the download succeeded but should have failed");
        } catch (const engine::Error& e) {
            const std::string text = e.what();
            QVERIFY2(e.code() == code, ("unexpected error code: " + text).c_str());
            for (const std::string& fragment : fragments)
                QVERIFY2(text.find(fragment) != std::string::npos, (text + " -- lacks: " + fragment).c_str());
        }
    }

    static void expectCifarLoads(const fs::path& folder)
    {
        const engine::Dataset data = engine::Dataset::load(folder);
        QCOMPARE(data.info().format, engine::DatasetFormat::Cifar10Binary);
        QCOMPARE(data.size(engine::Split::Train), std::int64_t{10});
        QCOMPARE(data.size(engine::Split::Test), std::int64_t{2});
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        const fs::path stage = dir("stage") / "cifar-10-batches-bin";
        test::writeCifar10(stage, {.recordsPerTrainBatch = 2, .testRecords = 2, .classCount = 10});
        std::vector<TarEntry> entries{{"cifar-10-batches-bin/", TarEntry::Kind::Folder}};
        for (const auto& file : fs::directory_iterator(stage))
            entries.push_back({"cifar-10-batches-bin/" + file.path().filename().string(), TarEntry::Kind::File,
                readBytes(file.path())});
        m_cifarArchive = makeTarGz(entries);
    }

    void catalogHasTheCanonicalAddresses()
    {
        const auto cifar10 = engine::findDownload("cifar10");
        QVERIFY(cifar10.has_value());
        QCOMPARE(cifar10->files.size(), std::size_t{1});
        QCOMPARE(cifar10->files[0].url, std::string("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"));
        QCOMPARE(cifar10->files[0].md5, std::string("c32a1d4ab5d03f1284b67883e8d87530"));
        QCOMPARE(cifar10->folderName, std::string("cifar-10-batches-bin"));
        QVERIFY(cifar10->extract);
        const auto cifar100 = engine::findDownload("cifar100");
        QVERIFY(cifar100.has_value());
        QCOMPARE(cifar100->files[0].md5, std::string("03b5dce01913d631647c71ecec9e9cb8"));
        QCOMPARE(cifar100->folderName, std::string("cifar-100-binary"));
        const auto fashion = engine::findDownload("fashion-mnist");
        QVERIFY(fashion.has_value());
        QCOMPARE(fashion->files.size(), std::size_t{4});
        QVERIFY(!fashion->extract);
        QCOMPARE(fashion->files[0].url,
            std::string("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/train-images-idx3-ubyte.gz"));
        QVERIFY(!engine::findDownload("imagenet").has_value());

        const engine::DownloadSpec mirrored = engine::withMirror(*fashion, "http://mirror.invalid/data");
        QCOMPARE(mirrored.files[3].url, std::string("http://mirror.invalid/data/t10k-labels-idx1-ubyte.gz"));
        QCOMPARE(mirrored.files[3].md5, fashion->files[3].md5);
    }

    void goodDownloadLoadsAndIsNotFetchedAgain()
    {
        test::HttpTestServer server;
        server.serve("/cifar-10-binary.tar.gz", m_cifarArchive);
        const fs::path target = dir("good") / "data";
        std::vector<engine::DownloadProgress> seen;
        const fs::path folder = engine::downloadDataset(
            cifarSpec(server, m_cifarArchive), target, [&](const engine::DownloadProgress& p) {
                seen.push_back(p);
                return true;
            });
        QCOMPARE(folder, target / "cifar-10-batches-bin");
        expectCifarLoads(folder);

        QVERIFY(!seen.empty());
        for (std::size_t i = 1; i < seen.size(); ++i)
            QVERIFY(seen[i].received >= seen[i - 1].received);
        const auto size = static_cast<std::int64_t>(m_cifarArchive.size());
        QCOMPARE(seen.back().fileName, std::string("cifar-10-binary.tar.gz"));
        QCOMPARE(seen.back().received, size);
        QCOMPARE(seen.back().total, size);
        QVERIFY(seen.back().bytesPerSecond >= 0.0);

        // The archive, its .part and the staging folder are gone; nothing was written beside target.
        const std::vector<std::string> top = listTree(dir("good"));
        QVERIFY(std::find(top.begin(), top.end(), "data/cifar-10-binary.tar.gz") == top.end());
        for (const std::string& name : top)
            QVERIFY2(name == "data" || name.rfind("data/cifar-10-batches-bin", 0) == 0, name.c_str());

        server.clearRequests();
        const fs::path again = engine::downloadDataset(cifarSpec(server, m_cifarArchive), target);
        QCOMPARE(again, folder);
        QVERIFY(server.requests().empty());
    }

    void fashionMnistFilesStayGzipped()
    {
        test::HttpTestServer server;
        const fs::path stage = dir("fashion-stage");
        test::writeIdx(stage, 20, 10, true);
        engine::DownloadSpec spec = engine::withMirror(*engine::findDownload("fashion-mnist"), server.baseUrl());
        for (engine::DownloadFile& file : spec.files) {
            const Bytes bytes = readBytes(stage / file.fileName);
            QVERIFY(!bytes.empty());
            server.serve("/" + file.fileName, bytes);
            file.md5 = md5Hex(bytes);
        }
        const fs::path folder = engine::downloadDataset(spec, dir("fashion"));
        QCOMPARE(folder, dir("fashion") / "fashion-mnist");
        for (const engine::DownloadFile& file : spec.files)
            QVERIFY(fs::is_regular_file(folder / file.fileName));
        const engine::Dataset data = engine::Dataset::load(folder);
        QCOMPARE(data.info().format, engine::DatasetFormat::Idx);
        QCOMPARE(data.size(engine::Split::Train), std::int64_t{20});
        QCOMPARE(data.size(engine::Split::Test), std::int64_t{10});
    }

    void checksumMismatchLeavesNothing()
    {
        test::HttpTestServer server;
        Bytes corrupt = m_cifarArchive;
        corrupt[corrupt.size() / 2] ^= 0xff;
        server.serve("/cifar-10-binary.tar.gz", corrupt);
        const fs::path target = dir("corrupt");
        const std::string expected = md5Hex(m_cifarArchive);
        expectError(cifarSpec(server, m_cifarArchive), target, engine::ErrorCode::InvalidData,
            {"cifar-10-binary.tar.gz", "checksum mismatch: expected " + expected + ", got " + md5Hex(corrupt)});
        QCOMPARE(listTree(target), std::vector<std::string>{});
    }

    void truncatedTransferResumes()
    {
        test::HttpTestServer server;
        server.serve("/cifar-10-binary.tar.gz", m_cifarArchive);
        const fs::path target = dir("truncated");
        const engine::DownloadSpec spec = cifarSpec(server, m_cifarArchive);
        constexpr std::int64_t kCut = 5000;
        QVERIFY(static_cast<std::int64_t>(m_cifarArchive.size()) > kCut);
        server.setTruncateAfter(kCut);
        expectError(spec, target, engine::ErrorCode::Io,
            {"download interrupted after 5000 of " + std::to_string(m_cifarArchive.size()) + " bytes",
                "run again to resume", spec.files[0].url});
        const fs::path part = target / "cifar-10-binary.tar.gz.part";
        QVERIFY(fs::is_regular_file(part));
        QCOMPARE(static_cast<std::int64_t>(fs::file_size(part)), kCut);
        QVERIFY(!fs::exists(target / "cifar-10-batches-bin"));

        server.setTruncateAfter(std::nullopt);
        server.clearRequests();
        expectCifarLoads(engine::downloadDataset(spec, target));
        const std::vector<test::HttpRequest> requests = server.requests();
        QCOMPARE(requests.size(), std::size_t{1});
        QCOMPARE(requests[0].header("range"), std::string("bytes=5000-"));
        QVERIFY(!fs::exists(part));
    }

    void serverIgnoringRangeStartsOver()
    {
        test::HttpTestServer server;
        server.serve("/cifar-10-binary.tar.gz", m_cifarArchive);
        server.setIgnoreRange(true);
        const fs::path target = dir("norange");
        // A part whose bytes are wrong: only a restart from byte 0 can give the right checksum.
        test::writeBytes(target / "cifar-10-binary.tar.gz.part", Bytes(3000, 0x55));
        expectCifarLoads(engine::downloadDataset(cifarSpec(server, m_cifarArchive), target));
        const std::vector<test::HttpRequest> requests = server.requests();
        QCOMPARE(requests.size(), std::size_t{1});
        QCOMPARE(requests[0].header("range"), std::string("bytes=3000-"));
    }

    void completePartIsCheckedNotFetched()
    {
        test::HttpTestServer server;
        server.serve("/cifar-10-binary.tar.gz", m_cifarArchive);
        const engine::DownloadSpec spec = cifarSpec(server, m_cifarArchive);

        // The whole file is in the part (a run stopped before renaming it): the server says 416.
        const fs::path whole = dir("whole-part");
        test::writeBytes(whole / "cifar-10-binary.tar.gz.part", m_cifarArchive);
        expectCifarLoads(engine::downloadDataset(spec, whole));
        QCOMPARE(server.requests().size(), std::size_t{1});

        // As long as the file but wrong: fetched again from the start.
        server.clearRequests();
        const fs::path wrong = dir("wrong-part");
        test::writeBytes(wrong / "cifar-10-binary.tar.gz.part", Bytes(m_cifarArchive.size(), 0x00));
        expectCifarLoads(engine::downloadDataset(spec, wrong));
        const std::vector<test::HttpRequest> requests = server.requests();
        QCOMPARE(requests.size(), std::size_t{2});
        QCOMPARE(requests[1].header("range"), std::string());
    }

    void redirectsAreFollowed()
    {
        test::HttpTestServer server;
        server.serve("/cifar-10-binary.tar.gz", m_cifarArchive);
        server.redirect("/old/cifar-10-binary.tar.gz", "/cifar-10-binary.tar.gz");
        engine::DownloadSpec spec = cifarSpec(server, m_cifarArchive);
        spec.files[0].url = server.baseUrl() + "old/cifar-10-binary.tar.gz";
        expectCifarLoads(engine::downloadDataset(spec, dir("redirect")));
        QCOMPARE(server.requests().size(), std::size_t{2});
    }

    void notFoundAndNoServerAreClearErrors()
    {
        std::string url;
        {
            test::HttpTestServer server;
            const engine::DownloadSpec spec = cifarSpec(server, m_cifarArchive);
            url = spec.files[0].url;
            expectError(spec, dir("missing"), engine::ErrorCode::Io, {url, "no such file (HTTP 404)"});
            QCOMPARE(listTree(dir("missing")), std::vector<std::string>{}); // not even an empty .part
        }
        // The server is gone: nothing listens on its port any more.
        engine::DownloadSpec spec = *engine::findDownload("cifar10");
        spec.files[0].url = url;
        expectError(spec, dir("refused"), engine::ErrorCode::Io, {url, "download failed"});
    }

    void unsafeArchivesAreRefused_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("entryPath");
        QTest::addColumn<QString>("linkTarget");
        QTest::addColumn<QString>("fragment");
        const auto file = static_cast<int>(TarEntry::Kind::File);
        QTest::newRow("parent") << "parent" << file << "../evil.txt"
                                << ""
                                << "archive entry escapes the target folder: ../evil.txt";
        QTest::newRow("nested parent") << "nested" << file << "cifar-10-batches-bin/../../evil.txt"
                                       << ""
                                       << "escapes the target folder";
        QTest::newRow("absolute") << "absolute" << file << "ABSOLUTE"
                                  << ""
                                  << "archive entry escapes the target folder: /";
        QTest::newRow("symlink") << "symlink" << static_cast<int>(TarEntry::Kind::Symlink)
                                 << "cifar-10-batches-bin/link"
                                 << "OUTSIDE"
                                 << "symbolic link";
        QTest::newRow("hardlink") << "hardlink" << static_cast<int>(TarEntry::Kind::Hardlink)
                                  << "cifar-10-batches-bin/hard"
                                  << "OUTSIDE/evil.txt"
                                  << "hard link";
        QTest::newRow("device") << "device" << static_cast<int>(TarEntry::Kind::CharDevice)
                                << "cifar-10-batches-bin/null"
                                << ""
                                << "device";
    }

    void unsafeArchivesAreRefused()
    {
        QFETCH(QString, name);
        QFETCH(int, kind);
        QFETCH(QString, entryPath);
        QFETCH(QString, linkTarget);
        QFETCH(QString, fragment);
        const fs::path root = dir("unsafe-" + name.toStdString());
        const fs::path target = root / "data";
        const fs::path outside = root / "outside";
        fs::create_directories(outside);
        std::string path = entryPath.toStdString();
        if (path == "ABSOLUTE")
            path = (outside / "evil.txt").string();
        std::string link = linkTarget.toStdString();
        if (link.rfind("OUTSIDE", 0) == 0)
            link = outside.string() + link.substr(7);

        // A good-looking archive with the one bad entry in the middle, and a file "through" a link.
        const Bytes evil{'p', 'w', 'n', 'e', 'd'};
        const Bytes archive = makeTarGz({{"cifar-10-batches-bin/", TarEntry::Kind::Folder},
            {"cifar-10-batches-bin/batches.meta.txt", TarEntry::Kind::File, {'a', '\n'}},
            {path, static_cast<TarEntry::Kind>(kind), kind == static_cast<int>(TarEntry::Kind::File) ? evil : Bytes{},
                link},
            {"cifar-10-batches-bin/link/evil.txt", TarEntry::Kind::File, evil}});
        test::HttpTestServer server;
        server.serve("/cifar-10-binary.tar.gz", archive);
        expectError(cifarSpec(server, archive), target, engine::ErrorCode::InvalidData,
            {fragment.toStdString(), (target / "cifar-10-binary.tar.gz").string()});

        // Nothing outside the target folder, and nothing left inside it either.
        QCOMPARE(listTree(root), (std::vector<std::string>{"data", "outside"}));
        QVERIFY(!fs::exists(dir("evil.txt")));
        QVERIFY(!fs::exists(fs::path(m_tmp.path().toStdString()).parent_path() / "evil.txt"));
    }

    void cancelKeepsThePartAndResumes()
    {
        test::HttpTestServer server;
        Bytes big(1 << 20);
        std::mt19937 random(7);
        for (std::uint8_t& b : big)
            b = static_cast<std::uint8_t>(random());
        server.serve("/big.bin", big);
        const engine::DownloadSpec spec{
            "big", "Big", {{server.baseUrl() + "big.bin", "big.bin", md5Hex(big)}}, false, "big"};
        const fs::path target = dir("cancel");
        constexpr std::int64_t kCancelAt = 100000;
        expectError(spec, target, engine::ErrorCode::Io, {"download cancelled"},
            [](const engine::DownloadProgress& p) { return p.received < kCancelAt; });
        const fs::path part = target / "big" / "big.bin.part";
        QVERIFY(fs::is_regular_file(part));
        const auto kept = static_cast<std::int64_t>(fs::file_size(part));
        QVERIFY2(kept >= kCancelAt && kept < static_cast<std::int64_t>(big.size()), std::to_string(kept).c_str());

        server.clearRequests();
        const fs::path folder = engine::downloadDataset(spec, target);
        QCOMPARE(readBytes(folder / "big.bin"), big);
        QCOMPARE(server.requests().at(0).header("range"), "bytes=" + std::to_string(kept) + "-");
    }

    void cliReportsChecksumMismatchAndUnknownIds()
    {
        test::HttpTestServer server;
        server.serve("/cifar-10-binary.tar.gz", m_cifarArchive); // not the real archive: its MD5 differs
        const fs::path target = dir("cli");
        const CliResult r = runCli({QStringLiteral("download"), QStringLiteral("cifar10"), QStringLiteral("--to"),
            QString::fromStdString(target.string()), QStringLiteral("--mirror"),
            QString::fromStdString(server.baseUrl())});
        QVERIFY2(r.exitCode != 0 && r.exitCode != -1, qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("cnnwb: error: ")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("checksum mismatch: expected c32a1d4ab5d03f1284b67883e8d87530")),
            qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("cifar-10-binary.tar.gz")), qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
        QCOMPARE(server.requests().size(), std::size_t{1});
        QCOMPARE(listTree(target), std::vector<std::string>{});

        const CliResult unknown = runCli({QStringLiteral("download"), QStringLiteral("nope"), QStringLiteral("--to"),
            QString::fromStdString(target.string())});
        QCOMPARE(unknown.exitCode, 2);
        for (const char* id : {"\"nope\"", "cifar10", "cifar100", "fashion-mnist"})
            QVERIFY2(unknown.err.contains(QLatin1String(id)), qPrintable(unknown.err));

        const CliResult help = runCli({QStringLiteral("download"), QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains(QStringLiteral("--to")));
    }
};

QTEST_GUILESS_MAIN(TestDownload)
#include "test_download.moc"
