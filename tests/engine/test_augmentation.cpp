// Augmentation ops on synthetic images: a flip moves a known pixel where it should, a padded crop is
// a shift within the padding with zeros (or reflections) filling in, a rotation of 90 degrees puts
// a pixel where geometry says, color ops change colors as defined, and the same seed gives the same
// image (whatever the thread count) while another seed or epoch gives another.

#include "augment/augmentation_draws.h"
#include "augment/augmented_batch.h"

#include "cnnwb/engine/augment/augmentation.h"
#include "cnnwb/engine/core/error.h"

#include <ATen/Parallel.h>
#include <QTest>

#include <cmath>
#include <functional>
#include <numeric>
#include <vector>

using namespace cnnwb;

namespace {

constexpr engine::ImageShape kShape{2, 6, 8};

std::vector<std::uint8_t> ramp() // distinct, non-zero values: pixel (c, y, x) = 1 + c*48 + y*8 + x
{
    std::vector<std::uint8_t> image(static_cast<std::size_t>(kShape.elementCount()));
    for (std::size_t i = 0; i < image.size(); ++i)
        image[i] = static_cast<std::uint8_t>(1 + i);
    return image;
}

std::vector<float> run(const engine::AugmentationSpec& spec, std::uint64_t seed)
{
    const auto image = ramp();
    std::vector<float> out(image.size());
    engine::augmentImage(image.data(), kShape, spec, seed, out.data());
    return out;
}

float normalized(int value) // the default normalization, (x / 255 - 0.5) / 0.5, as the engine computes it
{
    const engine::Normalization half;
    return static_cast<float>(value) * half.scale()[0] + half.offset()[0];
}

// Applies exact draws to a small image with normalization off (outputs are pixel / 255).
std::vector<float> apply(const std::vector<std::uint8_t>& image, const engine::ImageShape& shape,
    const engine::AugmentationDraws& draws, engine::AugmentationSpec spec = {})
{
    spec.normalize.enabled = false;
    std::vector<float> out(image.size());
    engine::applyAugmentation(image.data(), shape, spec, draws, out.data());
    return out;
}

int byteAt(const std::vector<float>& out, const engine::ImageShape& shape, int c, int y, int x)
{
    return static_cast<int>(
        std::lround(out[static_cast<std::size_t>((c * shape.height + y) * shape.width + x)] * 255.0F));
}

engine::AugmentationSpec everything()
{
    engine::AugmentationSpec spec;
    spec.crop.enabled = spec.horizontalFlip.enabled = spec.verticalFlip.enabled = true;
    spec.rotation.enabled = spec.affine.enabled = spec.colorJitter.enabled = true;
    spec.grayscale.enabled = spec.blur.enabled = spec.cutout.enabled = true;
    spec.grayscale.probability = 0.5;
    return spec;
}

float pixelAt(const std::vector<float>& image, int c, int y, int x)
{
    return image[static_cast<std::size_t>(c * 48 + y * 8 + x)];
}

} // namespace

class TestAugmentation : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void noOpNormalizesOnly()
    {
        const auto out = run({}, 1);
        QCOMPARE(pixelAt(out, 1, 2, 3), normalized(1 + 48 + 16 + 3));
    }

    void horizontalFlipMovesAKnownPixel()
    {
        engine::AugmentationSpec spec;
        spec.horizontalFlip = {true, 1.0};
        const auto out = run(spec, 5);
        QCOMPARE(pixelAt(out, 0, 2, 0), normalized(1 + 16 + 7)); // (2, 7) -> (2, 0)
        QCOMPARE(pixelAt(out, 1, 5, 6), normalized(1 + 48 + 40 + 1));
    }

    void verticalFlipMovesAKnownPixel()
    {
        engine::AugmentationSpec spec;
        spec.verticalFlip = {true, 1.0};
        const auto out = run(spec, 5);
        QCOMPARE(pixelAt(out, 0, 0, 3), normalized(1 + 40 + 3)); // (5, 3) -> (0, 3)
    }

    void probabilityZeroNeverApplies()
    {
        engine::AugmentationSpec spec;
        spec.horizontalFlip = {true, 0.0};
        spec.crop.enabled = true;
        spec.crop.probability = 0.0;
        for (std::uint64_t seed = 0; seed < 20; ++seed)
            QCOMPARE(run(spec, seed), run({}, seed));
    }

    void paddedCropIsAShiftFilledWithZeros()
    {
        engine::AugmentationSpec spec;
        spec.crop.enabled = true;
        spec.crop.padding = 2;
        int shifted = 0;
        for (std::uint64_t seed = 0; seed < 40; ++seed) {
            const auto out = run(spec, seed);
            // Find the shift: the output pixel that holds input (c=0, y=3, x=4).
            bool found = false;
            for (int dy = -2; dy <= 2 && !found; ++dy)
                for (int dx = -2; dx <= 2 && !found; ++dx) {
                    bool matches = true;
                    for (int y = 0; y < 6 && matches; ++y)
                        for (int x = 0; x < 8 && matches; ++x) {
                            const int sy = y + dy;
                            const int sx = x + dx;
                            const float expected
                                = sy >= 0 && sy < 6 && sx >= 0 && sx < 8 ? normalized(1 + sy * 8 + sx) : normalized(0);
                            matches = pixelAt(out, 0, y, x) == expected;
                        }
                    found = matches;
                    shifted += matches && (dy != 0 || dx != 0);
                }
            QVERIFY2(found, qPrintable(QStringLiteral("seed %1: not a shift within the padding").arg(seed)));
        }
        QVERIFY(shifted > 20); // most of the 25 offsets move the image
    }

    void reflectPaddingLeavesNoZeros()
    {
        engine::AugmentationSpec spec;
        spec.crop = {true, 3, true, 1.0};
        for (std::uint64_t seed = 0; seed < 20; ++seed)
            for (const float value : run(spec, seed))
                QVERIFY(value > normalized(0));
    }

    void seededAndDeterministic()
    {
        engine::AugmentationSpec spec;
        spec.crop.enabled = true;
        spec.horizontalFlip.enabled = true;
        QCOMPARE(run(spec, engine::sampleSeed(7, 1, 12)), run(spec, engine::sampleSeed(7, 1, 12)));
        QVERIFY(engine::sampleSeed(7, 1, 12) != engine::sampleSeed(7, 2, 12));
        QVERIFY(engine::sampleSeed(7, 1, 12) != engine::sampleSeed(7, 1, 13));
        QVERIFY(engine::sampleSeed(7, 1, 12) != engine::sampleSeed(8, 1, 12));
        int differing = 0;
        for (std::uint64_t seed = 1; seed < 30; ++seed)
            differing += run(spec, seed) != run(spec, 0);
        QVERIFY(differing > 20);
        QCOMPARE(engine::describe(spec), std::string("crop(4)+hflip"));
    }

    void rotationByNinetyDegreesMovesAKnownPixel()
    {
        const engine::ImageShape shape{1, 5, 5};
        std::vector<std::uint8_t> image(25, 0);
        image[2 * 5 + 4] = 200; // right of the centre (2, 2)
        engine::AugmentationDraws d;
        d.rotate = true;
        d.angle = 90.0; // counter-clockwise on screen: right of the centre goes to the top
        const auto out = apply(image, shape, d);
        QCOMPARE(byteAt(out, shape, 0, 0, 2), 200);
        QCOMPARE(std::accumulate(out.begin(), out.end(), 0.0F) * 255.0F, 200.0F);
        d.angle = -90.0;
        QCOMPARE(byteAt(apply(image, shape, d), shape, 0, 4, 2), 200);
    }

    void scaleAndTranslateMoveKnownPixels()
    {
        const engine::ImageShape shape{1, 5, 5};
        std::vector<std::uint8_t> image(25, 0);
        image[2 * 5 + 3] = 100; // one right of the centre
        engine::AugmentationDraws d;
        d.affine = true;
        d.scale = 2.0; // about the centre: one right becomes two right
        QCOMPARE(byteAt(apply(image, shape, d), shape, 0, 2, 4), 100);
        d.scale = 1.0;
        d.shiftX = -1.0;
        d.shiftY = 2.0;
        QCOMPARE(byteAt(apply(image, shape, d), shape, 0, 4, 2), 100);
    }

    void warpPathEqualsTheFastPathForCropAndFlips()
    {
        engine::AugmentationSpec spec;
        spec.crop = {true, 2, false, 1.0};
        spec.horizontalFlip.enabled = true;
        spec.verticalFlip.enabled = true;
        const auto image = ramp();
        for (const bool reflect : {false, true}) {
            spec.crop.reflect = reflect;
            for (std::uint64_t seed = 0; seed < 30; ++seed) {
                engine::AugmentationDraws d = engine::drawAugmentation(spec, kShape, seed);
                std::vector<float> fast(image.size());
                std::vector<float> warped(image.size());
                engine::applyAugmentation(image.data(), kShape, spec, d, fast.data());
                d.rotate = true; // an angle of 0 sends it through OpenCV's warp
                engine::applyAugmentation(image.data(), kShape, spec, d, warped.data());
                for (std::size_t i = 0; i < fast.size(); ++i)
                    QVERIFY2(std::abs(fast[i] - warped[i]) < 1e-5F, qPrintable(QStringLiteral("seed %1").arg(seed)));
            }
        }
    }

    void brightnessContrastSaturationAndHue()
    {
        const engine::ImageShape shape{3, 2, 2};
        std::vector<std::uint8_t> red(12, 0);
        std::fill(red.begin(), red.begin() + 4, 200); // R plane
        engine::AugmentationDraws d;
        d.jitter = true;
        d.brightness = 0.5;
        auto out = apply(red, shape, d);
        QCOMPARE(byteAt(out, shape, 0, 1, 1), 100);
        QCOMPARE(byteAt(out, shape, 1, 1, 1), 0);

        d.brightness = 1.0;
        d.hue = 0.5; // half a turn: red becomes cyan
        out = apply(red, shape, d);
        QCOMPARE(byteAt(out, shape, 0, 0, 0), 0);
        QCOMPARE(byteAt(out, shape, 1, 0, 0), 200);
        QCOMPARE(byteAt(out, shape, 2, 0, 0), 200);

        d.hue = 0.0;
        d.saturation = 0.0; // no color left: every channel is the gray value 0.299 * 200
        out = apply(red, shape, d);
        for (int c = 0; c < 3; ++c)
            QCOMPARE(byteAt(out, shape, c, 0, 1), 60);

        d.saturation = 1.0;
        d.contrast = 0.0; // every pixel becomes the image's mean gray
        std::vector<std::uint8_t> halves(12, 0);
        for (int c = 0; c < 3; ++c)
            halves[static_cast<std::size_t>(c * 4)] = halves[static_cast<std::size_t>(c * 4 + 1)] = 200;
        out = apply(halves, shape, d);
        QCOMPARE(byteAt(out, shape, 0, 0, 0), 100);
        QCOMPARE(byteAt(out, shape, 2, 1, 1), 100);
    }

    void grayscaleKeepsThreeEqualChannels()
    {
        const engine::ImageShape shape{3, 2, 2};
        std::vector<std::uint8_t> image = {10, 20, 30, 40, 100, 110, 120, 130, 200, 210, 220, 230};
        engine::AugmentationDraws d;
        d.grayscale = true;
        const auto out = apply(image, shape, d);
        const int expected = static_cast<int>(std::lround(0.299 * 10 + 0.587 * 100 + 0.114 * 200));
        for (int c = 0; c < 3; ++c)
            QCOMPARE(byteAt(out, shape, c, 0, 0), expected);
    }

    void blurSpreadsAnImpulseAndKeepsItsSum()
    {
        const engine::ImageShape shape{1, 7, 7};
        std::vector<std::uint8_t> image(49, 0);
        image[3 * 7 + 3] = 255;
        engine::AugmentationSpec spec;
        spec.blur.kernelSize = 5;
        engine::AugmentationDraws d;
        d.blur = true;
        d.sigma = 1.0;
        const auto out = apply(image, shape, d, spec);
        QVERIFY(byteAt(out, shape, 0, 3, 3) < 255);
        QVERIFY(byteAt(out, shape, 0, 3, 4) > 0);
        QVERIFY(byteAt(out, shape, 0, 3, 5) > 0);
        QCOMPARE(byteAt(out, shape, 0, 0, 0), 0);
        QVERIFY(std::abs(std::accumulate(out.begin(), out.end(), 0.0F) - 1.0F) < 1e-4F);
    }

    void cutoutErasesARectangleToTheMean()
    {
        engine::AugmentationSpec spec;
        spec.cutout.enabled = true;
        spec.cutout.probability = 1.0;
        spec.cutout.areaMin = 0.1;
        spec.cutout.areaMax = 0.3;
        const auto image = ramp();
        int erasedSamples = 0;
        for (std::uint64_t seed = 0; seed < 50; ++seed) {
            const auto out = run(spec, seed);
            int zeros = 0;
            for (std::size_t i = 0; i < out.size(); ++i) {
                if (out[i] == 0.0F) // the mean after normalization
                    ++zeros;
                else
                    QCOMPARE(out[i], normalized(image[i]));
            }
            const double fraction = zeros / static_cast<double>(out.size());
            if (zeros > 0) {
                ++erasedSamples;
                QVERIFY2(fraction >= 0.05 && fraction <= 0.4, qPrintable(QString::number(fraction)));
            }
        }
        QVERIFY(erasedSamples > 40);
    }

    void switchingAnOpKeepsTheOthersChoices()
    {
        engine::AugmentationSpec spec;
        spec.crop.enabled = true;
        spec.horizontalFlip.enabled = true;
        engine::AugmentationSpec more = spec;
        more.rotation.enabled = true;
        more.colorJitter.enabled = true;
        for (std::uint64_t seed = 0; seed < 20; ++seed) {
            const auto a = engine::drawAugmentation(spec, kShape, seed);
            const auto b = engine::drawAugmentation(more, kShape, seed);
            QCOMPARE(a.dx, b.dx);
            QCOMPARE(a.dy, b.dy);
            QCOMPARE(a.flipX, b.flipX);
            QVERIFY(b.rotate && std::abs(b.angle) <= 15.0);
        }
    }

    void sameImagesOnAnyNumberOfThreads()
    {
        const engine::ImageShape shape{3, 32, 32};
        std::vector<std::uint8_t> images(static_cast<std::size_t>(64 * shape.elementCount()));
        for (std::size_t i = 0; i < images.size(); ++i)
            images[i] = static_cast<std::uint8_t>((i * 2654435761ULL) >> 13);
        std::vector<std::int64_t> indices(64);
        std::iota(indices.rbegin(), indices.rend(), 0);
        const engine::AugmentationSpec spec = everything();
        std::vector<std::vector<float>> results;
        const int before = at::get_num_threads();
        for (const int threads : {1, 2, 4}) {
            at::set_num_threads(threads);
            std::vector<float> out(images.size());
            engine::augmentBatch(images.data(), shape, indices.data(), 64, spec, 42, 3, out.data());
            results.push_back(std::move(out));
        }
        at::set_num_threads(before);
        QVERIFY(results[0] == results[1]);
        QVERIFY(results[0] == results[2]);
    }

    void normalizationPresets()
    {
        const auto cifar = engine::normalizationPreset("cifar10");
        QVERIFY(cifar);
        QCOMPARE(cifar->mean[0], 0.4914);
        engine::AugmentationSpec spec;
        spec.normalize = *cifar;
        const auto out = run(spec, 0); // no op on: normalization only
        QVERIFY(std::abs(pixelAt(out, 1, 0, 0) - static_cast<float>((49 / 255.0 - 0.4822) / 0.2435)) < 1e-5F);
        QCOMPARE(spec.normalize.toPixel(pixelAt(out, 1, 0, 0), 1), std::uint8_t{49});
        spec.normalize.enabled = false;
        QVERIFY(std::abs(run(spec, 0)[5] - 6.0F / 255.0F) < 1e-7F);
        QVERIFY(!engine::normalizationPreset("nope"));
        QCOMPARE(engine::suggestedNormalizationPreset("Fashion-MNIST"), std::string("fashion-mnist"));
        QCOMPARE(engine::suggestedNormalizationPreset("CIFAR-100"), std::string("cifar100"));
        QCOMPARE(engine::suggestedNormalizationPreset("cifar10-jpeg"), std::string("cifar10"));

        const std::vector<std::uint8_t> two = {0, 255, 0, 255}; // two 1x1x2 images... as 1 channel 1x2
        const engine::Normalization computed = engine::computeNormalization(two, 1, 1, 2);
        QCOMPARE(computed.preset, std::string("custom"));
        QVERIFY(std::abs(computed.mean[0] - 0.5) < 1e-12 && std::abs(computed.std[0] - 0.5) < 1e-12);
    }

    void jsonRoundTripAndValidation()
    {
        engine::AugmentationSpec spec = everything();
        spec.rotation.degrees = 30;
        spec.affine.scaleMin = 0.8;
        spec.colorJitter.hue = 0.1;
        spec.blur.kernelSize = 5;
        spec.cutout.areaMax = 0.25;
        spec.normalize = *engine::normalizationPreset("cifar100");
        QCOMPARE(engine::augmentationFromJson(engine::augmentationToJson(spec), "x"), spec);
        spec.normalize.mean[1] = 0.3;
        const auto custom = engine::augmentationFromJson(engine::augmentationToJson(spec), "x");
        QCOMPARE(custom.normalize.preset, std::string("custom"));
        QCOMPARE(custom.normalize.mean[1], 0.3);
        // Only a preset named: its values.
        const auto named = engine::augmentationFromJson(R"({"normalize": {"preset": "mnist"}})", "x");
        QCOMPARE(named.normalize.mean[0], 0.1307);
        QVERIFY_THROWS_EXCEPTION(
            engine::Error, (void)engine::augmentationFromJson(R"({"normalize": {"preset": "bogus"}})", "spec.json"));
        QVERIFY_THROWS_EXCEPTION(
            engine::Error, (void)engine::augmentationFromJson(R"({"rotation": {"degrees": "many"}})", "spec.json"));

        const auto rejects = [](const std::function<void(engine::AugmentationSpec&)>& change) {
            engine::AugmentationSpec bad;
            change(bad);
            try {
                engine::validate(bad);
            } catch (const engine::Error&) {
                return true;
            }
            return false;
        };
        QVERIFY(rejects([](auto& a) { a.rotation.degrees = 200; }));
        QVERIFY(rejects([](auto& a) { a.blur.kernelSize = 4; }));
        QVERIFY(rejects([](auto& a) { a.colorJitter.hue = 0.7; }));
        QVERIFY(rejects([](auto& a) { a.cutout.areaMax = 1.0; }));
        QVERIFY(rejects([](auto& a) { a.affine.scaleMin = 2.0; }));
        QVERIFY(rejects([](auto& a) { a.normalize.std[2] = 0.0; }));
        QVERIFY(rejects([](auto& a) { a.grayscale.probability = 1.5; }));
        QVERIFY(!rejects([](auto&) {}));
        QCOMPARE(engine::describe(everything()),
            std::string("crop(4)+hflip+vflip+rotate(15°)+affine+jitter+gray+blur+cutout"));
    }
};

QTEST_GUILESS_MAIN(TestAugmentation)
#include "test_augmentation.moc"
