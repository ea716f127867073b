#include "cnnwb/engine/augment/augmentation.h"

#include "augment/augmentation_draws.h"
#include "core/library_errors.h"

#include "cnnwb/engine/core/error.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

namespace cnnwb::engine {
namespace {

// SplitMix64: a tiny, high-quality stream per sample, so no state is shared between threads.
class SampleRandom {
public:
    explicit SampleRandom(std::uint64_t seed)
        : m_state(seed)
    {
    }
    std::uint64_t next() noexcept
    {
        std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    double uniform() noexcept { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    double uniform(double lo, double hi) noexcept { return lo + (hi - lo) * uniform(); }
    int between(int lo, int hi) noexcept // inclusive
    {
        return lo + static_cast<int>(next() % static_cast<std::uint64_t>(hi - lo + 1));
    }

private:
    std::uint64_t m_state;
};

int reflectIndex(int i, int size) noexcept
{
    // PyTorch/NumPy "reflect": -1 -> 1, size -> size - 2.
    if (size == 1)
        return 0;
    while (i < 0 || i >= size)
        i = i < 0 ? -i : 2 * (size - 1) - i;
    return i;
}

bool chance(SampleRandom& random, bool enabled, double probability) noexcept
{
    const double u = random.uniform();
    return enabled && u < probability;
}

} // namespace

AugmentationDraws drawAugmentation(const AugmentationSpec& spec, const ImageShape& shape, std::uint64_t seed) noexcept
{
    SampleRandom random(seed);
    AugmentationDraws d;
    const int pad = std::max(0, spec.crop.padding);
    d.crop = chance(random, spec.crop.enabled, spec.crop.probability);
    const int cropY = random.between(0, 2 * pad);
    const int cropX = random.between(0, 2 * pad);
    if (d.crop) {
        d.dy = cropY - pad;
        d.dx = cropX - pad;
    }
    d.flipX = chance(random, spec.horizontalFlip.enabled, spec.horizontalFlip.probability);
    d.flipY = chance(random, spec.verticalFlip.enabled, spec.verticalFlip.probability);

    d.rotate = chance(random, spec.rotation.enabled, spec.rotation.probability);
    const double angle = random.uniform(-spec.rotation.degrees, spec.rotation.degrees);
    if (d.rotate)
        d.angle = angle;

    d.affine = chance(random, spec.affine.enabled, spec.affine.probability);
    const double scale = random.uniform(spec.affine.scaleMin, spec.affine.scaleMax);
    const double tx = random.uniform(-spec.affine.translate, spec.affine.translate);
    const double ty = random.uniform(-spec.affine.translate, spec.affine.translate);
    if (d.affine) {
        d.scale = scale;
        d.shiftX = std::round(tx * shape.width); // whole pixels, as torchvision's RandomAffine
        d.shiftY = std::round(ty * shape.height);
    }

    const AugmentationSpec::ColorJitter& j = spec.colorJitter;
    d.jitter = chance(random, j.enabled, j.probability);
    const double brightness = random.uniform(std::max(0.0, 1.0 - j.brightness), 1.0 + j.brightness);
    const double contrast = random.uniform(std::max(0.0, 1.0 - j.contrast), 1.0 + j.contrast);
    const double saturation = random.uniform(std::max(0.0, 1.0 - j.saturation), 1.0 + j.saturation);
    const double hue = random.uniform(-j.hue, j.hue);
    if (d.jitter) {
        d.brightness = brightness;
        d.contrast = contrast;
        d.saturation = saturation;
        d.hue = hue;
    }
    d.grayscale = chance(random, spec.grayscale.enabled, spec.grayscale.probability) && shape.channels == 3;

    d.blur = chance(random, spec.blur.enabled, spec.blur.probability);
    d.sigma = random.uniform(spec.blur.sigmaMin, spec.blur.sigmaMax);

    // Random erasing as torchvision's RandomErasing: up to ten tries at an area and aspect ratio
    // that fit. Always forty draws.
    const AugmentationSpec::Cutout& c = spec.cutout;
    d.cutout = chance(random, c.enabled, c.probability);
    bool placed = false;
    const double area = static_cast<double>(shape.height) * shape.width;
    for (int attempt = 0; attempt < 10; ++attempt) {
        const double target = random.uniform(c.areaMin, c.areaMax) * area;
        const double ratio = std::exp(random.uniform(std::log(c.ratioMin), std::log(c.ratioMax)));
        const auto eh = static_cast<int>(std::lround(std::sqrt(target * ratio)));
        const auto ew = static_cast<int>(std::lround(std::sqrt(target / ratio)));
        const double uy = random.uniform();
        const double ux = random.uniform();
        if (!placed && eh > 0 && ew > 0 && eh < shape.height && ew < shape.width) {
            d.erased = cv::Rect(
                static_cast<int>(ux * (shape.width - ew + 1)), static_cast<int>(uy * (shape.height - eh + 1)), ew, eh);
            placed = true;
        }
    }
    d.cutout = d.cutout && placed;
    return d;
}

namespace {

// The fast path for crop and flips only: integer index arithmetic, straight into the output.
void cropAndFlip(const std::uint8_t* image, const ImageShape& shape, const AugmentationSpec& spec,
    const AugmentationDraws& d, const std::array<float, 3>& scale, const std::array<float, 3>& offset,
    float* out) noexcept
{
    const int h = shape.height;
    const int w = shape.width;
    const bool reflect = spec.crop.reflect;
    for (int c = 0; c < shape.channels; ++c) {
        const std::uint8_t* plane = image + static_cast<std::ptrdiff_t>(c) * h * w;
        float* target = out + static_cast<std::ptrdiff_t>(c) * h * w;
        const float k = scale[static_cast<std::size_t>(c)];
        const float b = offset[static_cast<std::size_t>(c)];
        for (int y = 0; y < h; ++y) {
            int sy = (d.flipY ? h - 1 - y : y) + d.dy;
            const bool rowInside = sy >= 0 && sy < h;
            if (!rowInside && reflect)
                sy = reflectIndex(sy, h);
            float* row = target + static_cast<std::ptrdiff_t>(y) * w;
            if (!rowInside && !reflect) {
                std::fill(row, row + w, b); // a zero pixel, normalized
                continue;
            }
            const std::uint8_t* source = plane + static_cast<std::ptrdiff_t>(sy) * w;
            for (int x = 0; x < w; ++x) {
                int sx = (d.flipX ? w - 1 - x : x) + d.dx;
                if (sx < 0 || sx >= w) {
                    if (!reflect) {
                        row[x] = b;
                        continue;
                    }
                    sx = reflectIndex(sx, w);
                }
                row[x] = static_cast<float>(source[sx]) * k + b;
            }
        }
    }
}

// out -> in maps of each geometric stage as 3x3 matrices, composed from the last stage back to
// the first (crop, flips, rotation, scale/translate), so the image is resampled once.
cv::Matx33d inverseGeometry(const AugmentationDraws& d, const ImageShape& shape)
{
    const double cx = (shape.width - 1) * 0.5;
    const double cy = (shape.height - 1) * 0.5;
    const cv::Matx33d crop(1, 0, d.dx, 0, 1, d.dy, 0, 0, 1);
    const cv::Matx33d flip(d.flipX ? -1 : 1, 0, d.flipX ? shape.width - 1 : 0, 0, d.flipY ? -1 : 1,
        d.flipY ? shape.height - 1 : 0, 0, 0, 1);
    const cv::Matx33d toCentre(1, 0, -cx, 0, 1, -cy, 0, 0, 1);
    const cv::Matx33d fromCentre(1, 0, cx, 0, 1, cy, 0, 0, 1);
    const double theta = d.angle * std::numbers::pi / 180.0;
    const double cs = std::cos(theta);
    const double sn = std::sin(theta);
    // Forward (screen y down, counter-clockwise): out - c = [cos sin; -sin cos] (in - c).
    const cv::Matx33d rotation = fromCentre * cv::Matx33d(cs, -sn, 0, sn, cs, 0, 0, 0, 1) * toCentre;
    // Forward: out = s (in - c) + c + t.
    const cv::Matx33d affine = fromCentre * cv::Matx33d(1 / d.scale, 0, 0, 0, 1 / d.scale, 0, 0, 0, 1)
        * cv::Matx33d(1, 0, -d.shiftX, 0, 1, -d.shiftY, 0, 0, 1) * toCentre;
    return crop * flip * rotation * affine;
}

// The general path: an OpenCV warp for the geometry, float arithmetic for the photometric ops.
void augmentGeneral(const std::uint8_t* image, const ImageShape& shape, const AugmentationSpec& spec,
    const AugmentationDraws& d, const std::array<float, 3>& scale, const std::array<float, 3>& offset, float* out)
{
    const int h = shape.height;
    const int w = shape.width;
    const int channels = shape.channels;
    std::vector<cv::Mat> planes;
    for (int c = 0; c < channels; ++c)
        planes.emplace_back(h, w, CV_8UC1,
            const_cast<std::uint8_t*>(image) + static_cast<std::ptrdiff_t>(c) * h * w); // NOLINT: read only
    cv::Mat pixels;
    cv::merge(planes, pixels);

    const bool geometric = d.crop || d.flipX || d.flipY || d.rotate || d.affine;
    if (geometric) {
        const cv::Matx33d m = inverseGeometry(d, shape);
        const cv::Matx23d map(m(0, 0), m(0, 1), m(0, 2), m(1, 0), m(1, 1), m(1, 2));
        cv::Mat warped;
        cv::warpAffine(pixels, warped, map, pixels.size(), cv::INTER_LINEAR | cv::WARP_INVERSE_MAP,
            spec.crop.reflect ? cv::BORDER_REFLECT_101 : cv::BORDER_CONSTANT, cv::Scalar::all(0));
        pixels = warped;
    }

    cv::Mat values; // float 0..255, HWC
    pixels.convertTo(values, channels == 3 ? CV_32FC3 : CV_32FC1);
    const auto clamp = [](cv::Mat& m) {
        cv::min(m, 255.0, m);
        cv::max(m, 0.0, m);
    };
    const auto grayOf = [&](const cv::Mat& rgb) {
        cv::Mat gray;
        cv::transform(rgb, gray, cv::Matx13f(0.299F, 0.587F, 0.114F));
        return gray;
    };
    if (d.jitter) {
        values *= d.brightness;
        clamp(values);
        const double mean = channels == 3 ? cv::mean(grayOf(values))[0] : cv::mean(values)[0];
        values = (values - cv::Scalar::all(mean)) * d.contrast + cv::Scalar::all(mean);
        clamp(values);
        if (channels == 3) {
            cv::Mat gray;
            cv::cvtColor(grayOf(values), gray, cv::COLOR_GRAY2RGB);
            values = (values - gray) * d.saturation + gray;
            clamp(values);
            if (d.hue != 0.0) {
                cv::Mat hsv;
                cv::cvtColor(values / 255.0, hsv, cv::COLOR_RGB2HSV); // float: H in degrees
                std::vector<cv::Mat> hsvPlanes;
                cv::split(hsv, hsvPlanes);
                hsvPlanes[0] += d.hue * 360.0;
                hsvPlanes[0].forEach<float>(
                    [](float& hueDegrees, const int*) { hueDegrees = std::fmod(hueDegrees + 360.0F, 360.0F); });
                cv::merge(hsvPlanes, hsv);
                cv::cvtColor(hsv, values, cv::COLOR_HSV2RGB);
                values *= 255.0;
                clamp(values);
            }
        }
    }
    if (d.grayscale)
        cv::cvtColor(grayOf(values), values, cv::COLOR_GRAY2RGB);
    if (d.blur) {
        const int k = std::max(1, spec.blur.kernelSize | 1);
        cv::GaussianBlur(values, values, cv::Size(k, k), d.sigma, d.sigma, cv::BORDER_REFLECT_101);
    }

    for (int c = 0; c < channels; ++c) {
        cv::Mat target(h, w, CV_32FC1, out + static_cast<std::ptrdiff_t>(c) * h * w);
        cv::extractChannel(values, target, c);
        target.convertTo(target, CV_32F, scale[static_cast<std::size_t>(c)], offset[static_cast<std::size_t>(c)]);
        if (d.cutout)
            target(d.erased).setTo(0.0F); // the channel's mean, as RandomErasing(value=0) after Normalize
    }
}

} // namespace

bool AugmentationSpec::any() const noexcept
{
    return crop.enabled || horizontalFlip.enabled || verticalFlip.enabled || rotation.enabled || affine.enabled
        || colorJitter.enabled || grayscale.enabled || blur.enabled || cutout.enabled;
}

bool AugmentationSpec::onlyCropAndFlips() const noexcept
{
    return !(rotation.enabled || affine.enabled || colorJitter.enabled || grayscale.enabled || blur.enabled
        || cutout.enabled);
}

std::uint64_t sampleSeed(std::uint64_t seed, int epoch, std::int64_t sampleIndex) noexcept
{
    SampleRandom mix(seed ^ (static_cast<std::uint64_t>(epoch) << 40) ^ static_cast<std::uint64_t>(sampleIndex));
    return mix.next();
}

void augmentImage(
    const std::uint8_t* image, const ImageShape& shape, const AugmentationSpec& spec, std::uint64_t seed, float* out)
{
    applyAugmentation(image, shape, spec, drawAugmentation(spec, shape, seed), out);
}

void applyAugmentation(const std::uint8_t* image, const ImageShape& shape, const AugmentationSpec& spec,
    const AugmentationDraws& d, float* out)
{
    const std::array<float, 3> scale = spec.normalize.scale();
    const std::array<float, 3> offset = spec.normalize.offset();
    const bool photometric = d.jitter || d.grayscale || d.blur || d.cutout;
    if (!photometric && !d.rotate && !d.affine) {
        cropAndFlip(image, shape, spec, d, scale, offset, out);
        return;
    }
    try {
        augmentGeneral(image, shape, spec, d, scale, offset, out);
    } catch (...) {
        throw toEngineError(std::current_exception(),
            {"augmentation failed in OpenCV", {}, {{}, std::nullopt, std::nullopt, shape.toString()}});
    }
}

void normalizeImage(const std::uint8_t* image, const ImageShape& shape, const Normalization& normalization, float* out)
{
    const std::array<float, 3> scale = normalization.scale();
    const std::array<float, 3> offset = normalization.offset();
    const std::int64_t plane = static_cast<std::int64_t>(shape.height) * shape.width;
    for (int c = 0; c < shape.channels; ++c)
        for (std::int64_t i = c * plane; i < (c + 1) * plane; ++i)
            out[i] = static_cast<float>(image[i]) * scale[static_cast<std::size_t>(c)]
                + offset[static_cast<std::size_t>(c)];
}

std::vector<Phrase> describeParts(const AugmentationSpec& spec)
{
    std::vector<Phrase> parts;
    if (spec.crop.enabled)
        parts.push_back({spec.crop.reflect ? "crop(%1, reflect)" : "crop(%1)", {std::to_string(spec.crop.padding)}});
    if (spec.horizontalFlip.enabled)
        parts.push_back({"hflip"});
    if (spec.verticalFlip.enabled)
        parts.push_back({"vflip"});
    if (spec.rotation.enabled)
        parts.push_back({"rotate(%1°)", {std::to_string(static_cast<int>(std::lround(spec.rotation.degrees)))}});
    if (spec.affine.enabled)
        parts.push_back({"affine"});
    if (spec.colorJitter.enabled)
        parts.push_back({"jitter"});
    if (spec.grayscale.enabled)
        parts.push_back({"gray"});
    if (spec.blur.enabled)
        parts.push_back({"blur"});
    if (spec.cutout.enabled)
        parts.push_back({"cutout"});
    return parts;
}

std::string describe(const AugmentationSpec& spec)
{
    std::string text;
    for (const Phrase& part : describeParts(spec)) {
        if (!text.empty())
            text += '+';
        text += part.english();
    }
    return text.empty() ? "none" : text;
}

} // namespace cnnwb::engine
