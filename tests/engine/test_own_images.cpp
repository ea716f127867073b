// A student's own photos (issue 19): any folder of images at an input size the experiment chooses,
// brought to it by a resize policy, split for testing when the folder has no test/ folder, with
// unreadable files left out and listed, and streamed from the files with the same batches as in
// memory.
#include "augment/augmented_batch.h"
#include "data/image_decode.h"
#include "train/batch_stream.h"

#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/data/dataset.h"
#include "cnnwb/engine/records/experiment.h"
#include "cnnwb/engine/records/train_flags.h"
#include "cnnwb/engine/train/trainer.h"
#include "cnnwb/engine/train/training_observer.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

using namespace cnnwb;
namespace fs = std::filesystem;

namespace {

using Bytes = std::vector<std::uint8_t>;

// Edges and gradients that differ per image, so a wrong crop, pad or order shows.
cv::Mat picture(int width, int height, int channels, int seed)
{
    cv::Mat image(height, width, CV_8UC(channels));
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            for (int c = 0; c < channels; ++c)
                image.ptr<std::uint8_t>(y)[x * channels + c] = static_cast<std::uint8_t>(
                    (x * 5 + y * 3 + c * 60 + seed * 37 + ((x / 6 + y / 6) % 2) * 80) % 256);
    return image;
}

void write(const fs::path& file, const cv::Mat& image)
{
    fs::create_directories(file.parent_path());
    if (!cv::imwrite(file.string(), image))
        qFatal("cannot write %s", file.c_str());
}

Bytes encode(const std::string& extension, const cv::Mat& image)
{
    Bytes bytes;
    cv::imencode(extension, image, bytes);
    return bytes;
}

void writeBytes(const fs::path& file, const Bytes& bytes)
{
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

// A JPEG declaring EXIF orientation 6 (turn a quarter clockwise to view).
Bytes rotatedJpeg(const cv::Mat& image)
{
    const Bytes jpeg = encode(".jpg", image);
    const Bytes exif = {0xFF, 0xE1, 0x00, 0x22, 'E', 'x', 'i', 'f', 0, 0, 'M', 'M', 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08,
        0x00, 0x01, 0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 6, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
    Bytes out(jpeg.begin(), jpeg.begin() + 2);
    out.insert(out.end(), exif.begin(), exif.end());
    out.insert(out.end(), jpeg.begin() + 2, jpeg.end());
    return out;
}

// What the network receives from `image` (BGR or gray) under a policy, as planar RGB: the
// reference, computed here with OpenCV from the documented geometry.
Bytes planarReference(const cv::Mat& bgr, int width, int height, engine::ResizePolicy policy)
{
    cv::Mat fitted;
    const double sx = static_cast<double>(width) / bgr.cols;
    const double sy = static_cast<double>(height) / bgr.rows;
    if (policy == engine::ResizePolicy::Stretch) {
        cv::resize(bgr, fitted, {width, height}, 0, 0, cv::INTER_AREA);
    } else if (policy == engine::ResizePolicy::CenterCrop) {
        // torchvision's Resize: the binding side to its target, the other int(target * side / side).
        const cv::Size scaled = sx >= sy ? cv::Size(width, std::max(height, width * bgr.rows / bgr.cols))
                                         : cv::Size(std::max(width, height * bgr.cols / bgr.rows), height);
        cv::Mat resized;
        cv::resize(bgr, resized, scaled, 0, 0, cv::INTER_AREA);
        const int left = static_cast<int>(std::nearbyint((scaled.width - width) / 2.0)); // Python's round
        const int top = static_cast<int>(std::nearbyint((scaled.height - height) / 2.0));
        fitted = resized(cv::Rect(left, top, width, height)).clone();
    } else {
        const double s = std::min(sx, sy);
        const cv::Size scaled(static_cast<int>(std::lround(bgr.cols * s)), static_cast<int>(std::lround(bgr.rows * s)));
        cv::Mat resized;
        cv::resize(bgr, resized, scaled, 0, 0, cv::INTER_AREA);
        fitted = cv::Mat(height, width, bgr.type(), cv::Scalar::all(0));
        resized.copyTo(
            fitted(cv::Rect((width - scaled.width) / 2, (height - scaled.height) / 2, scaled.width, scaled.height)));
    }
    cv::Mat rgb;
    cv::cvtColor(fitted, rgb, cv::COLOR_BGR2RGB);
    Bytes planar(static_cast<std::size_t>(width) * height * 3);
    for (int c = 0; c < 3; ++c)
        for (int y = 0; y < height; ++y)
            for (int x = 0; x < width; ++x)
                planar[static_cast<std::size_t>((c * height + y) * width + x)] = rgb.at<cv::Vec3b>(y, x)[c];
    return planar;
}

// A flat folder of photos like a student's: three classes of `perClass` images, JPEG and PNG of
// sizes from 120x90 to 640x480, one of them grayscale.
void writePhotos(const fs::path& dir, int perClass)
{
    // Seven sizes: the probes, spread over the folder at a stride, meet every one.
    const std::vector<std::pair<int, int>> sizes
        = {{120, 90}, {160, 120}, {200, 260}, {640, 480}, {90, 120}, {300, 200}, {256, 256}};
    int seed = 0;
    for (const char* name : {"apple", "banana", "cherry"})
        for (int i = 0; i < perClass; ++i, ++seed) {
            const auto [w, h] = sizes[static_cast<std::size_t>(seed) % sizes.size()];
            const bool gray = seed == 4;
            char file[32];
            std::snprintf(file, sizeof file, "%03d.%s", i, i % 2 == 0 ? "jpg" : "png");
            write(dir / name / file, picture(w, h, gray ? 1 : 3, seed));
        }
}

Bytes splitPixels(const engine::Dataset& data, engine::Split split)
{
    const auto pixels = data.pixels(split);
    return {pixels.begin(), pixels.end()};
}

struct LossRecorder final : engine::TrainingObserver {
    std::vector<double> losses;
    std::vector<engine::EpochMetrics> epochs;
    void onBatch(const engine::BatchMetrics& metrics) override { losses.push_back(metrics.loss); }
    void onEpoch(const engine::EpochMetrics& metrics) override { epochs.push_back(metrics); }
};

} // namespace

class TestOwnImages : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    fs::path m_photos;

    [[nodiscard]] fs::path dir(const std::string& name) const { return fs::path(m_tmp.path().toStdString()) / name; }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        qputenv("CNNWB_CACHE_DIR", QByteArray::fromStdString(dir("cache").string()));
        m_photos = dir("photos");
        writePhotos(m_photos, 40);
    }

    // The first image no longer fixes the size: photos of many sizes get the default square, a
    // folder of one size keeps it, and the experiment's size wins over both.
    void inputSizeIsChosen()
    {
        const engine::DatasetInfo mixed = engine::Dataset::inspect(m_photos);
        QCOMPARE(mixed.sizeChoice, engine::SizeChoice::Default);
        QCOMPARE(mixed.shape, (engine::ImageShape{3, engine::kDefaultPhotoSide, engine::kDefaultPhotoSide}));
        QCOMPARE(mixed.smallestImage, (engine::ImageSize{120, 90}));
        QCOMPARE(mixed.largestImage, (engine::ImageSize{640, 480}));
        QVERIFY(mixed.imagesLookedAt > 5);

        engine::DataOptions options;
        options.inputSize = *engine::parseImageSize("48x40");
        const engine::Dataset chosen = engine::Dataset::load(m_photos, options);
        QCOMPARE(chosen.info().sizeChoice, engine::SizeChoice::Chosen);
        QCOMPARE(chosen.info().shape, (engine::ImageShape{3, 40, 48}));
        QCOMPARE(static_cast<std::int64_t>(chosen.pixels(engine::Split::Train).size()),
            chosen.size(engine::Split::Train) * 3 * 40 * 48);

        const fs::path same = dir("same-size");
        for (int i = 0; i < 4; ++i)
            for (const char* name : {"a", "b"})
                write(same / name / (std::to_string(i) + ".png"), picture(20, 30, 1, i));
        const engine::DatasetInfo native = engine::Dataset::inspect(same);
        QCOMPARE(native.sizeChoice, engine::SizeChoice::Native);
        QCOMPARE(native.shape, (engine::ImageShape{1, 30, 20})); // every image gray: one channel
        options = {};
        options.color = engine::ColorMode::Rgb;
        QCOMPARE(engine::Dataset::inspect(same, options).shape.channels, 3);
        QCOMPARE(engine::Dataset::inspect(m_photos).shape.channels, 3); // one gray among colour: RGB
        options.color = engine::ColorMode::Gray;
        QCOMPARE(engine::Dataset::inspect(m_photos, options).shape.channels, 1);
        QVERIFY_THROWS_EXCEPTION(std::bad_optional_access, (void)engine::parseImageSize("0x10").value());
        QVERIFY(!engine::parseImageSize("64x").has_value());
        QCOMPARE(engine::parseImageSize("224").value(), (engine::ImageSize{224, 224}));
    }

    // Each policy gives exactly the OpenCV reference of its documented geometry.
    void resizePoliciesMatchTheReference_data()
    {
        QTest::addColumn<int>("policy");
        QTest::newRow("crop") << static_cast<int>(engine::ResizePolicy::CenterCrop);
        QTest::newRow("pad") << static_cast<int>(engine::ResizePolicy::Letterbox);
        QTest::newRow("stretch") << static_cast<int>(engine::ResizePolicy::Stretch);
    }
    void resizePoliciesMatchTheReference()
    {
        QFETCH(int, policy);
        const auto resize = static_cast<engine::ResizePolicy>(policy);
        const cv::Mat wide = picture(80, 60, 3, 1);
        const cv::Mat tall = picture(50, 90, 3, 2);
        for (const cv::Mat* image : {&wide, &tall}) {
            Bytes planar(32 * 24 * 3);
            const bool resized
                = engine::decodePlanar(encode(".png", *image), "x.png", {3, 24, 32}, resize, planar.data());
            QVERIFY(resized);
            QVERIFY2(planar == planarReference(*image, 32, 24, resize), "pixels differ from the reference");
        }
        if (resize == engine::ResizePolicy::Letterbox) { // black bars, the picture between them
            Bytes planar(32 * 32 * 3);
            (void)engine::decodePlanar(encode(".png", wide), "x.png", {3, 32, 32}, resize, planar.data());
            QCOMPARE(planar[0], std::uint8_t{0});
            QVERIFY(planar[16 * 32 + 16] != 0);
        }
    }

    // The default policy against torchvision itself (PIL's Resize + CenterCrop, from the venv):
    // another resampler, so the pixels differ a little, but the geometry (what is cut) is the same.
    void centreCropAgreesWithTorchvision()
    {
        const QString python = QStringLiteral(CNNWB_PYTHON);
        if (!QFileInfo::exists(python))
            QSKIP("no venv Python with torchvision here");
        cv::Mat smooth(60, 80, CV_8UC3);
        for (int y = 0; y < 60; ++y)
            for (int x = 0; x < 80; ++x)
                smooth.at<cv::Vec3b>(y, x)
                    = cv::Vec3b(static_cast<std::uint8_t>(x * 3), static_cast<std::uint8_t>(y * 4),
                        static_cast<std::uint8_t>(x * 10 > 400 ? 220 : 20)); // a vertical edge where the crop cuts
        const fs::path file = dir("smooth.png");
        write(file, smooth);
        QProcess process;
        process.start(python,
            {QStringLiteral("-c"),
                QStringLiteral("import sys; from PIL import Image; import torchvision.transforms as T; "
                               "im = Image.open(sys.argv[1]).convert('RGB'); "
                               "sys.stdout.buffer.write(T.CenterCrop(32)(T.Resize(32)(im)).tobytes())"),
                QString::fromStdString(file.string())});
        if (!process.waitForFinished(120000) || process.exitCode() != 0)
            QSKIP("torchvision is not importable here");
        const QByteArray reference = process.readAllStandardOutput();
        QCOMPARE(reference.size(), 32 * 32 * 3);
        Bytes planar(32 * 32 * 3);
        (void)engine::decodePlanar(
            encode(".png", smooth), "smooth.png", {3, 32, 32}, engine::ResizePolicy::CenterCrop, planar.data());
        double difference = 0.0;
        for (int c = 0; c < 3; ++c)
            for (int i = 0; i < 32 * 32; ++i)
                difference += std::abs(int{planar[static_cast<std::size_t>(c * 1024 + i)]}
                    - int{static_cast<std::uint8_t>(reference[i * 3 + c])});
        difference /= 32 * 32 * 3;
        QVERIFY2(difference < 4.0, qPrintable(QStringLiteral("mean difference %1 levels").arg(difference)));
    }

    // Phones store portrait photos landscape with an EXIF tag; the network sees them upright.
    void exifOrientationAndFormatsBecomeTheDatasetsChannels()
    {
        const fs::path folder = dir("formats");
        const cv::Mat landscape = picture(40, 20, 3, 3);
        for (int i = 0; i < 3; ++i) {
            writeBytes(folder / "rotated" / (std::to_string(i) + ".jpg"), rotatedJpeg(landscape));
            // The same picture in both: whichever of a class's files is held out, they compare.
            cv::Mat rgba(20, 40, CV_8UC4);
            cv::cvtColor(picture(40, 20, 3, 7), rgba, cv::COLOR_BGR2BGRA);
            write(folder / "rgba" / (std::to_string(i) + ".png"), rgba);
            cv::Mat deep;
            picture(40, 20, 3, 7).convertTo(deep, CV_16UC3, 257.0);
            write(folder / "deep" / (std::to_string(i) + ".png"), deep);
            write(folder / "gray" / (std::to_string(i) + ".png"), picture(40, 20, 1, i));
        }
        engine::DataOptions options;
        options.inputSize = {20, 40}; // the rotated photo's upright size
        options.testShare = 0.34;
        const engine::Dataset data = engine::Dataset::load(folder, options);
        QCOMPARE(data.info().shape, (engine::ImageShape{3, 40, 20}));
        QCOMPARE(data.info().layout, engine::FolderLayout::Flat);
        QVERIFY(data.info().skipped.empty());
        // Classes sorted: deep, gray, rgba, rotated. A rotated photo is upright: 20 wide, 40 tall,
        // exactly as OpenCV turns it.
        const cv::Mat viewed = cv::imdecode(rotatedJpeg(landscape), cv::IMREAD_COLOR); // imread applies EXIF
        QCOMPARE(viewed.cols, 20);
        const auto labels = data.labels(engine::Split::Train);
        const auto first = [&](std::int64_t label) {
            return static_cast<std::int64_t>(std::find(labels.begin(), labels.end(), label) - labels.begin());
        };
        QCOMPARE(data.image(engine::Split::Train, first(3)),
            planarReference(viewed, 20, 40, engine::ResizePolicy::CenterCrop));
        // Gray: the three planes are equal; 16-bit: the high byte; RGBA: the colour without alpha.
        const Bytes gray = data.image(engine::Split::Train, first(1));
        QVERIFY(std::equal(gray.begin(), gray.begin() + 800, gray.begin() + 800));
        const Bytes deep = data.image(engine::Split::Train, first(0));
        const Bytes rgba = data.image(engine::Split::Train, first(2));
        QVERIFY(std::equal(deep.begin(), deep.end(), rgba.begin(), rgba.end(),
            [](std::uint8_t a, std::uint8_t b) { return std::abs(int{a} - int{b}) <= 1; }));
    }

    // A plain DIR/<class>/ folder and a train/ without test/ are datasets: 20 % of every class,
    // chosen by the seed, is the test split, the same files every time.
    void foldersWithoutATestSplitHoldOutAShare()
    {
        const engine::DatasetInfo info = engine::Dataset::inspect(m_photos);
        QCOMPARE(info.format, engine::DatasetFormat::ImageFolder);
        QCOMPARE(info.layout, engine::FolderLayout::Flat);
        QCOMPARE(info.classNames, (std::vector<std::string>{"apple", "banana", "cherry"}));
        QCOMPARE(info.heldOutPerClass, (std::vector<std::int64_t>{8, 8, 8}));
        QCOMPARE(info.testCount, 24);
        QCOMPARE(info.trainCount, 96);
        QVERIFY2(
            info.evaluationSplit.find("20 % of each class, seed 0") != std::string::npos, info.evaluationSplit.c_str());

        engine::DataOptions options;
        options.inputSize = {16, 16};
        const engine::Dataset a = engine::Dataset::load(m_photos, options);
        const engine::Dataset b = engine::Dataset::load(m_photos, options);
        QCOMPARE(splitPixels(a, engine::Split::Test), splitPixels(b, engine::Split::Test));
        options.splitSeed = 1;
        const engine::Dataset other = engine::Dataset::load(m_photos, options);
        QVERIFY(splitPixels(other, engine::Split::Test) != splitPixels(a, engine::Split::Test));
        std::set<std::int64_t> classes(
            other.labels(engine::Split::Test).begin(), other.labels(engine::Split::Test).end());
        QCOMPARE(classes.size(), std::size_t{3});

        // train/ alone, with a class of two images: one of them is held out, one kept.
        const fs::path trainOnly = dir("train-only");
        for (int i = 0; i < 10; ++i)
            write(trainOnly / "train" / "many" / (std::to_string(i) + ".png"), picture(12, 12, 3, i));
        for (int i = 0; i < 2; ++i)
            write(trainOnly / "train" / "few" / (std::to_string(i) + ".png"), picture(12, 12, 3, i + 20));
        const engine::DatasetInfo split = engine::Dataset::inspect(trainOnly);
        QCOMPARE(split.layout, engine::FolderLayout::TrainOnly);
        QCOMPARE(split.heldOutPerClass, (std::vector<std::int64_t>{1, 2})); // few, many
        // val/ counts as the test folder, as ImageNet-style folders name it.
        fs::create_directories(dir("with-val"));
        fs::rename(trainOnly / "train", dir("with-val") / "train");
        for (const char* name : {"many", "few"})
            write(dir("with-val") / "val" / name / "0.png", picture(12, 12, 3, 30));
        QCOMPARE(engine::Dataset::inspect(dir("with-val")).layout, engine::FolderLayout::TrainTest);
        QCOMPARE(engine::Dataset::inspect(dir("with-val")).testCount, 2);
    }

    // An empty or damaged file is left out with its name, a decompression bomb is refused before
    // it is decoded, and strict loading stops at the first.
    void unreadableImagesAreLeftOutAndListed()
    {
        const fs::path folder = dir("damaged");
        for (int i = 0; i < 6; ++i)
            for (const char* name : {"cat", "dog"})
                write(folder / "train" / name / (std::to_string(i) + ".png"), picture(16, 16, 3, i));
        for (const char* name : {"cat", "dog"})
            write(folder / "test" / name / "0.png", picture(16, 16, 3, 9));
        writeBytes(folder / "train" / "cat" / "empty.jpg", {});
        writeBytes(folder / "train" / "dog" / "junk.png", Bytes(100, 0x42));
        Bytes bomb = encode(".png", picture(16, 16, 3, 1));
        for (const std::size_t at : {16U, 20U}) { // IHDR: 20,000 x 20,000
            bomb[at] = 0;
            bomb[at + 1] = 0;
            bomb[at + 2] = 0x4E;
            bomb[at + 3] = 0x20;
        }
        writeBytes(folder / "train" / "dog" / "bomb.png", bomb);

        const engine::Dataset data = engine::Dataset::load(folder);
        QCOMPARE(data.size(engine::Split::Train), 12);
        std::set<std::string> names;
        for (const engine::SkippedFile& file : data.info().skipped)
            names.insert(file.path);
        QCOMPARE(names, (std::set<std::string>{"train/cat/empty.jpg", "train/dog/bomb.png", "train/dog/junk.png"}));
        const auto bombEntry = std::find_if(data.info().skipped.begin(), data.info().skipped.end(),
            [](const engine::SkippedFile& f) { return f.path == "train/dog/bomb.png"; });
        QVERIFY2(bombEntry->reason.find("refused before decoding") != std::string::npos, bombEntry->reason.c_str());

        // Streamed, the same files are left out (from their headers) and the rest is the same.
        engine::DataOptions streamed;
        streamed.loader = engine::LoaderKind::Stream;
        const engine::Dataset fromFiles = engine::Dataset::load(folder, streamed);
        QCOMPARE(fromFiles.info().skipped.size(), std::size_t{3});
        QCOMPARE(fromFiles.size(engine::Split::Train), 12);
        QCOMPARE(fromFiles.image(engine::Split::Train, 11), data.image(engine::Split::Train, 11));

        engine::DataOptions strict;
        strict.skipUnreadable = false;
        try {
            (void)engine::Dataset::load(folder, strict);
            QFAIL("a strict load accepted a damaged image");
        } catch (const engine::Error& e) {
            QVERIFY2(e.context().file.find("train/") != std::string::npos, e.what());
        }

        fs::create_directories(folder / "train" / "owl");
        fs::create_directories(folder / "test" / "owl");
        try {
            (void)engine::Dataset::inspect(folder);
            QFAIL("an empty class folder was accepted");
        } catch (const engine::Error& e) {
            QVERIFY2(e.message().find("\"owl\" holds no images") != std::string::npos, e.what());
        }
    }

    // The decoded-image cache keeps one file per input size and policy: going back is instant.
    void theCacheIsKeyedOnSizeAndPolicy()
    {
        const fs::path cache = dir("cache") / "datasets";
        fs::remove_all(cache);
        engine::DataOptions options;
        options.inputSize = {24, 24};
        (void)engine::Dataset::load(m_photos, options);
        options.resize = engine::ResizePolicy::Letterbox;
        (void)engine::Dataset::load(m_photos, options);
        options.inputSize = {32, 32};
        const engine::Dataset decoded = engine::Dataset::load(m_photos, options);
        int files = 0;
        for (const auto& entry : fs::directory_iterator(cache))
            files += entry.path().extension() == ".u8cache" ? 1 : 0;
        QCOMPARE(files, 3);
        const engine::Dataset cached = engine::Dataset::load(m_photos, options);
        QCOMPARE(splitPixels(cached, engine::Split::Train), splitPixels(decoded, engine::Split::Train));
    }

    // Streamed from the files, the batches are the in-memory batches: the same images, the same
    // augmentation; one epoch gives the same losses and metrics.
    void streamingGivesTheSameBatchesAndMetrics()
    {
        engine::DataOptions options;
        options.inputSize = {24, 24};
        const engine::Dataset memory = engine::Dataset::load(m_photos, options);
        options.loader = engine::LoaderKind::Stream;
        const engine::Dataset streamed = engine::Dataset::load(m_photos, options);
        QVERIFY(streamed.info().streamed);
        QVERIFY(streamed.pixels(engine::Split::Train).empty());
        QCOMPARE(streamed.size(engine::Split::Train), memory.size(engine::Split::Train));
        // A validation share of a streamed set holds out the same images as in memory.
        const engine::Dataset memoryValidation = memory.holdOutValidation(0.25, 1);
        const engine::Dataset streamedValidation = streamed.holdOutValidation(0.25, 1);
        QCOMPARE(streamedValidation.size(engine::Split::Test), memoryValidation.size(engine::Split::Test));
        for (std::int64_t i = 0; i < memoryValidation.size(engine::Split::Test); i += 7)
            QCOMPARE(streamedValidation.image(engine::Split::Test, i), memoryValidation.image(engine::Split::Test, i));

        engine::AugmentationSpec spec;
        spec.crop.enabled = true;
        spec.horizontalFlip.enabled = true;
        const std::vector<std::vector<std::int64_t>> batches = {{5, 0, 77, 3}, {95, 12, 40}};
        const std::vector<const engine::AugmentationSpec*> pipelines{nullptr, &spec};
        for (const engine::AugmentationSpec* augmentation : pipelines) {
            engine::BatchStream stream(streamed, {.workers = 2, .depth = 1, .augmentation = augmentation, .seed = 3});
            stream.startEpoch(2, batches);
            for (const std::vector<std::int64_t>& indices : batches) {
                const torch::Tensor batch = stream.next();
                const auto count = static_cast<std::int64_t>(indices.size());
                if (augmentation == nullptr) {
                    Bytes expected;
                    for (const std::int64_t i : indices) {
                        const Bytes image = memory.image(engine::Split::Train, i);
                        expected.insert(expected.end(), image.begin(), image.end());
                    }
                    QVERIFY(std::equal(expected.begin(), expected.end(), batch.data_ptr<std::uint8_t>()));
                } else {
                    std::vector<float> expected(static_cast<std::size_t>(count * 3 * 24 * 24));
                    engine::augmentBatch(memory.pixels(engine::Split::Train).data(), memory.info().shape,
                        indices.data(), count, spec, 3, 2, expected.data());
                    QVERIFY(std::equal(expected.begin(), expected.end(), batch.data_ptr<float>()));
                }
            }
        }

        engine::TrainConfig config;
        config.epochs = 1;
        config.batchSize = 16;
        config.device = "cpu";
        config.seed = 5;
        config.augmentation = spec;
        LossRecorder inMemory;
        LossRecorder fromFiles;
        (void)engine::Trainer(config).run(memory, &inMemory);
        (void)engine::Trainer(config).run(streamed, &fromFiles);
        QCOMPARE(fromFiles.losses, inMemory.losses); // bit for bit
        QCOMPARE(fromFiles.epochs.back().testLoss, inMemory.epochs.back().testLoss);
        QCOMPARE(fromFiles.epochs.back().confusion, inMemory.epochs.back().confusion);
    }

    // The options are part of the experiment: its file and `cnnwb train` flags carry them.
    void experimentsAndFlagsCarryTheOptions()
    {
        engine::Experiment experiment;
        experiment.data.inputSize = {64, 48};
        experiment.data.resize = engine::ResizePolicy::Letterbox;
        experiment.data.testShare = 0.25;
        experiment.data.splitSeed = 9;
        experiment.data.skipUnreadable = false;
        experiment.data.loader = engine::LoaderKind::Stream;
        const engine::Experiment back = engine::experimentFromJson(engine::experimentToJson(experiment));
        QCOMPARE(back.data, experiment.data);
        QVERIFY(engine::experimentToJson(experiment).find("\"input_size\": \"64x48\"") != std::string::npos);

        const std::vector<std::string> arguments = engine::trainArguments(experiment);
        engine::Experiment parsed;
        for (std::size_t i = 0; i < arguments.size(); ++i) {
            const engine::TrainFlag* flag = engine::findTrainFlag(arguments[i]);
            QVERIFY2(flag != nullptr, arguments[i].c_str());
            if (flag->type == engine::TrainFlagType::Switch)
                flag->read(parsed, {"true"});
            else
                flag->read(parsed, {arguments[++i]});
        }
        QCOMPARE(parsed.data, experiment.data);
        std::string text = engine::experimentToJson(engine::Experiment{});
        const std::string automatic = "\"input_size\": \"auto\"";
        text.replace(text.find(automatic), automatic.size(), "\"input_size\": \"big\"");
        try {
            (void)engine::experimentFromJson(text);
            QFAIL("an input size of \"big\" was accepted");
        } catch (const engine::Error& e) {
            QVERIFY2(e.message().find("data.input_size") != std::string::npos, e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestOwnImages)
#include "test_own_images.moc"
