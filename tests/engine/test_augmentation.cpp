// Augmentation ops on synthetic images: a flip moves a known pixel where it should, a padded crop is
// a shift within the padding with zeros (or reflections) filling in, and the same seed gives the
// same image while another seed or epoch gives another.

#include "cnnwb/engine/augmentation.h"

#include <QTest>

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

float normalized(int value)
{
    return static_cast<float>(value) / 127.5F - 1.0F;
}

float at(const std::vector<float>& image, int c, int y, int x)
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
        QCOMPARE(at(out, 1, 2, 3), normalized(1 + 48 + 16 + 3));
    }

    void horizontalFlipMovesAKnownPixel()
    {
        engine::AugmentationSpec spec;
        spec.horizontalFlip = {true, 1.0};
        const auto out = run(spec, 5);
        QCOMPARE(at(out, 0, 2, 0), normalized(1 + 16 + 7)); // (2, 7) -> (2, 0)
        QCOMPARE(at(out, 1, 5, 6), normalized(1 + 48 + 40 + 1));
    }

    void verticalFlipMovesAKnownPixel()
    {
        engine::AugmentationSpec spec;
        spec.verticalFlip = {true, 1.0};
        const auto out = run(spec, 5);
        QCOMPARE(at(out, 0, 0, 3), normalized(1 + 40 + 3)); // (5, 3) -> (0, 3)
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
                            matches = at(out, 0, y, x) == expected;
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
};

QTEST_GUILESS_MAIN(TestAugmentation)
#include "test_augmentation.moc"
