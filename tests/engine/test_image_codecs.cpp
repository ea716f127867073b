// The engine's image decoders (TurboJPEG, libpng, OpenCV for the rest): the same pixels as
// cv::imread, EXIF orientation included, and damaged files reported as one engine::Error with
// nothing of the libraries' own on the terminal (fault-injection finding 7).
#include "data/image_codecs.h"

#include "cnnwb/engine/core/error.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <QTest>
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

using namespace cnnwb;
using engine::ImageColor;

namespace {

using Bytes = std::vector<std::uint8_t>;

// A picture with edges and gradients, so that a decoder that gets a step wrong shows it.
cv::Mat testPicture(int rows, int cols, int channels)
{
    cv::Mat image(rows, cols, CV_8UC(channels));
    for (int y = 0; y < rows; ++y)
        for (int x = 0; x < cols; ++x)
            for (int c = 0; c < channels; ++c)
                image.ptr<std::uint8_t>(y)[x * channels + c]
                    = static_cast<std::uint8_t>((x * 7 + y * 3 + c * 50 + ((x / 4 + y / 4) % 2) * 90) % 256);
    return image;
}

Bytes encode(const std::string& extension, const cv::Mat& image, const std::vector<int>& parameters = {})
{
    Bytes bytes;
    if (!cv::imencode(extension, image, bytes, parameters))
        qFatal("cv::imencode %s failed", extension.c_str());
    return bytes;
}

cv::Mat opencvDecode(const Bytes& bytes, ImageColor color)
{
    return cv::imdecode(bytes, color == ImageColor::Gray ? cv::IMREAD_GRAYSCALE : cv::IMREAD_COLOR);
}

bool samePixels(const cv::Mat& a, const cv::Mat& b)
{
    return a.size() == b.size() && a.type() == b.type() && cv::norm(a, b, cv::NORM_INF) == 0;
}

// A JPEG with an APP1 Exif segment declaring `orientation`, inserted after SOI.
Bytes withOrientation(const Bytes& jpeg, std::uint8_t orientation)
{
    const Bytes exif = {0xFF, 0xE1, 0x00, 0x22, 'E', 'x', 'i', 'f', 0, 0,              // APP1, length 34
        'M', 'M', 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08,                                  // big-endian TIFF, IFD0 at 8
        0x00, 0x01,                                                                    // one entry
        0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, orientation, 0x00, 0x00, // Orientation, SHORT
        0x00, 0x00, 0x00, 0x00};                                                       // no next IFD
    Bytes out(jpeg.begin(), jpeg.begin() + 2);
    out.insert(out.end(), exif.begin(), exif.end());
    out.insert(out.end(), jpeg.begin() + 2, jpeg.end());
    return out;
}

// Runs `work` with file descriptor 2 pointed at a file and returns what was written to it:
// libjpeg and libpng write there directly, past std::cerr and spdlog.
std::string stderrOf(const std::function<void()>& work)
{
    std::fflush(stderr);
    char name[] = "/tmp/cnnwb-stderr-XXXXXX";
    const int capture = ::mkstemp(name);
    const int saved = ::dup(2);
    ::dup2(capture, 2);
    work();
    std::fflush(stderr);
    ::dup2(saved, 2);
    ::close(saved);
    std::string text;
    ::lseek(capture, 0, SEEK_SET);
    char buffer[4096];
    for (ssize_t got; (got = ::read(capture, buffer, sizeof buffer)) > 0;)
        text.append(buffer, static_cast<std::size_t>(got));
    ::close(capture);
    ::unlink(name);
    return text;
}

// A BMP whose header names compression method 7, which OpenCV's reader asserts against.
Bytes unknownCompressionBmp()
{
    Bytes bmp = encode(".bmp", testPicture(4, 4, 3));
    bmp[30] = 7;
    return bmp;
}

} // namespace

class TestImageCodecs : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void decodesLikeOpenCv_data()
    {
        QTest::addColumn<QByteArray>("encoded");
        QTest::addColumn<int>("color");
        const auto row = [](const char* name, const Bytes& bytes, ImageColor color) {
            QTest::newRow(name) << QByteArray(
                reinterpret_cast<const char*>(bytes.data()), static_cast<qsizetype>(bytes.size()))
                                << static_cast<int>(color);
        };
        const cv::Mat colour = testPicture(37, 53, 3);
        const cv::Mat gray = testPicture(37, 53, 1);
        cv::Mat alpha = testPicture(20, 30, 4);
        cv::Mat deep;
        colour.convertTo(deep, CV_16UC3, 257.0);
        for (const ImageColor color : {ImageColor::Bgr, ImageColor::Gray}) {
            const bool asGray = color == ImageColor::Gray;
            row(asGray ? "jpeg colour as gray" : "jpeg colour", encode(".jpg", colour), color);
            row(asGray ? "jpeg gray as gray" : "jpeg gray as colour", encode(".jpg", gray), color);
            row(asGray ? "jpeg quality 98 as gray" : "jpeg quality 98",
                encode(".jpg", colour, {cv::IMWRITE_JPEG_QUALITY, 98}), color);
            row(asGray ? "progressive jpeg as gray" : "progressive jpeg",
                encode(".jpg", colour, {cv::IMWRITE_JPEG_PROGRESSIVE, 1}), color);
            row(asGray ? "png colour as gray" : "png colour", encode(".png", colour), color);
            row(asGray ? "png gray" : "png gray as colour", encode(".png", gray), color);
            row(asGray ? "png alpha as gray" : "png alpha", encode(".png", alpha), color);
            row(asGray ? "png 16-bit as gray" : "png 16-bit", encode(".png", deep), color);
            row(asGray ? "bmp as gray" : "bmp", encode(".bmp", colour), color);
            row(asGray ? "ppm as gray" : "ppm", encode(".ppm", colour), color);
            row(asGray ? "pgm" : "pgm as colour", encode(".pgm", gray), color);
            row(asGray ? "tiff as gray" : "tiff", encode(".tiff", colour), color);
            row(asGray ? "webp as gray" : "webp", encode(".webp", colour, {cv::IMWRITE_WEBP_QUALITY, 101}), color);
        }
    }

    void decodesLikeOpenCv()
    {
        QFETCH(QByteArray, encoded);
        QFETCH(int, color);
        const Bytes bytes(encoded.begin(), encoded.end());
        const auto asked = static_cast<ImageColor>(color);
        const cv::Mat ours = engine::decodeImage(bytes, "picture", asked);
        QVERIFY(samePixels(ours, opencvDecode(bytes, asked)));
    }

    // Phones store a portrait photo landscape with an orientation tag; imread turns it upright.
    void appliesExifOrientationLikeOpenCv()
    {
        const Bytes plain = encode(".jpg", testPicture(24, 40, 3));
        for (std::uint8_t orientation = 1; orientation <= 8; ++orientation) {
            const Bytes tagged = withOrientation(plain, orientation);
            QCOMPARE(engine::exifOrientation(tagged), static_cast<int>(orientation));
            const cv::Mat ours = engine::decodeImage(tagged, "photo.jpg", ImageColor::Bgr);
            QVERIFY2(samePixels(ours, opencvDecode(tagged, ImageColor::Bgr)), qPrintable(QString::number(orientation)));
            QCOMPARE(ours.rows, orientation >= 5 ? 40 : 24);
        }
    }

    void probesShapeFromTheHeader()
    {
        QCOMPARE(engine::probeImage(encode(".png", testPicture(9, 11, 1)), "g.png"), (engine::ImageShape{1, 9, 11}));
        QCOMPARE(engine::probeImage(encode(".png", testPicture(9, 11, 3)), "c.png"), (engine::ImageShape{3, 9, 11}));
        QCOMPARE(engine::probeImage(encode(".jpg", testPicture(9, 11, 1)), "g.jpg"), (engine::ImageShape{1, 9, 11}));
        QCOMPARE(engine::probeImage(encode(".jpg", testPicture(9, 11, 3)), "c.jpg"), (engine::ImageShape{3, 9, 11}));
        QCOMPARE(engine::probeImage(encode(".bmp", testPicture(9, 11, 3)), "c.bmp"), (engine::ImageShape{3, 9, 11}));
    }

    // Finding 7: "libpng error: Read Error" and "Premature end of JPEG file" reached the terminal.
    void damagedFilesGiveOneErrorAndPrintNothing_data()
    {
        QTest::addColumn<QByteArray>("encoded");
        QTest::addColumn<bool>("decodes");
        const auto bytes = [](const Bytes& b) {
            return QByteArray(reinterpret_cast<const char*>(b.data()), static_cast<qsizetype>(b.size()));
        };
        const Bytes png = encode(".png", testPicture(32, 32, 3));
        const Bytes jpeg = encode(".jpg", testPicture(32, 32, 3));
        Bytes badCrc = png;
        badCrc[40] ^= 0xFF; // inside IDAT: its CRC no longer matches
        QTest::newRow("png cut short") << bytes(Bytes(png.begin(), png.begin() + 60)) << false;
        QTest::newRow("png with a bad CRC") << bytes(badCrc) << false;
        QTest::newRow("png signature only") << bytes(Bytes(png.begin(), png.begin() + 8)) << false;
        QTest::newRow("jpeg garbage after SOI") << bytes(Bytes{0xFF, 0xD8, 0xFF, 0xE0, 'x', 'y', 'z'}) << false;
        // libjpeg decodes a JPEG cut in its data (the rest gray) and warns: it is kept, quietly.
        QTest::newRow("jpeg cut in its data") << bytes(Bytes(jpeg.begin(), jpeg.end() - 200)) << true;
        QTest::newRow("not an image") << bytes(Bytes{'h', 'e', 'l', 'l', 'o'}) << false;
        // OpenCV's BMP reader throws on it, and imdecode writes "imdecode_(''): can't read header" to std::cerr.
        QTest::newRow("bmp with an unknown compression") << bytes(unknownCompressionBmp()) << false;
    }

    // OpenCV's lines are dropped from std::cerr; every other line, and text without a newline yet,
    // still reaches the terminal.
    void otherErrorLinesStillReachTheTerminal()
    {
        const std::string printed = stderrOf([] {
            try {
                (void)engine::decodeImage(unknownCompressionBmp(), "a.bmp", ImageColor::Bgr);
            } catch (const engine::Error&) {
            }
            std::cerr << "kept: " << 42 << '\n';
            std::cerr << "imdecode_ is a word"; // not OpenCV's "imdecode_(" line
            std::cerr << std::endl;
            std::cerr << "no newline";
        });
        QCOMPARE(printed, std::string("kept: 42\nimdecode_ is a word\nno newline"));
    }

    void damagedFilesGiveOneErrorAndPrintNothing()
    {
        QFETCH(QByteArray, encoded);
        QFETCH(bool, decodes);
        const Bytes bytes(encoded.begin(), encoded.end());
        std::string error;
        bool decoded = false;
        const std::string printed = stderrOf([&] {
            try {
                decoded = !engine::decodeImage(bytes, "damaged.img", ImageColor::Bgr).empty();
            } catch (const engine::Error& e) {
                error = e.what();
            }
        });
        QCOMPARE(decoded, decodes);
        if (!decodes)
            QVERIFY2(error.find("damaged.img") != std::string::npos, error.c_str());
        QVERIFY2(printed.empty(), printed.c_str());
    }

    // OpenCV decodes by content: a Radiance HDR or Sun raster file named cat.png would reach
    // decoders for formats the listing never offers. Only the listed formats are decoded.
    void formatsOutsideTheListAreRefused_data()
    {
        QTest::addColumn<QByteArray>("encoded");
        const auto row = [](const char* name, const Bytes& b) {
            QTest::newRow(name) << QByteArray(
                reinterpret_cast<const char*>(b.data()), static_cast<qsizetype>(b.size()));
        };
        cv::Mat radiance;
        testPicture(8, 8, 3).convertTo(radiance, CV_32FC3, 1.0 / 255);
        row("radiance hdr", encode(".hdr", radiance));
        row("sun raster", encode(".ras", testPicture(8, 8, 3)));
    }

    void formatsOutsideTheListAreRefused()
    {
        QFETCH(QByteArray, encoded);
        const Bytes bytes(encoded.begin(), encoded.end());
        QVERIFY2(!cv::imdecode(bytes, cv::IMREAD_COLOR).empty(), "OpenCV itself decodes it");
        try {
            (void)engine::decodeImage(bytes, "cat.png", ImageColor::Bgr);
            QFAIL("decoded");
        } catch (const engine::Error& e) {
            QVERIFY2(std::string(e.what()).find("not a JPEG, PNG, BMP, WebP, TIFF or PNM file") != std::string::npos,
                e.what());
        }
    }

    void hugeImagesAreRefusedFromTheirHeader()
    {
        const auto refused = [](const Bytes& bytes, const char* size) {
            try {
                (void)engine::decodeImage(bytes, "bomb", ImageColor::Bgr);
                return false;
            } catch (const engine::Error& e) {
                return std::string(e.what()).find(size) != std::string::npos;
            }
        };
        const std::string pnm = "P6\n# made by hand\n30000 30000\n255\n";
        QVERIFY(refused(Bytes(pnm.begin(), pnm.end()), "30000x30000"));

        // A PNG whose IHDR declares 20,000 x 20,000 pixels: refused before anything is allocated.
        Bytes png = encode(".png", testPicture(4, 4, 3));
        const auto put32 = [&](std::size_t at, std::uint32_t v) {
            for (int i = 0; i < 4; ++i)
                png[at + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v >> (24 - 8 * i));
        };
        put32(16, 20000);
        put32(20, 20000);
        QVERIFY(refused(png, "20000x20000"));
    }
};

QTEST_GUILESS_MAIN(TestImageCodecs)
#include "test_image_codecs.moc"
