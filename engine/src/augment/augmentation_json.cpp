#include "cnnwb/engine/augment/augmentation.h"

#include "core/json_document.h"

#include "cnnwb/engine/core/error.h"

#include <nlohmann/json.hpp>

#include <cmath>

namespace cnnwb::engine {
namespace {

using nlohmann::json;

class Reader {
public:
    Reader(const json& root, std::string source)
        : m_root(root)
        , m_source(std::move(source))
    {
    }

    // The object of one op, or nullptr when the file does not mention it.
    [[nodiscard]] const json* section(const char* key) const
    {
        const auto it = m_root.find(key);
        if (it == m_root.end())
            return nullptr;
        if (!it->is_object())
            fail(std::string(key) + ": must be an object");
        return &*it;
    }

    template <typename T> void read(const json* object, const char* op, const char* key, T& value) const
    {
        if (object == nullptr)
            return;
        const auto it = object->find(key);
        if (it == object->end())
            return;
        try {
            value = jsonGet<T>(*it);
        } catch (const json::exception&) {
            fail(std::string(op) + "." + key + ": has the wrong type");
        }
    }

    void readRange(const json* object, const char* op, const char* key, double& lo, double& hi) const
    {
        if (object == nullptr || !object->contains(key))
            return;
        const json& value = object->at(key);
        if (!value.is_array() || value.size() != 2 || !value[0].is_number() || !value[1].is_number())
            fail(std::string(op) + "." + key + ": must be [min, max]");
        lo = value[0].get<double>();
        hi = value[1].get<double>();
    }

    [[noreturn]] void fail(const std::string& message) const
    {
        throw Error(ErrorCode::InvalidData, "augmentation." + message, {m_source});
    }

private:
    const json& m_root;
    std::string m_source;
};

void readNormalization(const Reader& reader, const json* n, Normalization& normalization)
{
    if (n == nullptr)
        return;
    reader.read(n, "normalize", "enabled", normalization.enabled);
    std::string preset = normalization.preset;
    reader.read(n, "normalize", "preset", preset);
    if (preset != "custom") {
        const std::optional<Normalization> values = normalizationPreset(preset);
        if (!values)
            reader.fail("normalize.preset: \"" + preset
                + "\" is not one of half, cifar10, cifar100, mnist, fashion-mnist, imagenet, custom");
        const bool enabled = normalization.enabled;
        normalization = *values;
        normalization.enabled = enabled;
    }
    normalization.preset = preset;
    const auto readTriple = [&](const char* key, std::array<double, 3>& target) {
        if (!n->contains(key))
            return;
        const json& value = n->at(key);
        std::vector<double> numbers;
        reader.read(n, "normalize", key, numbers);
        if (numbers.size() == 1)
            numbers.assign(3, numbers.front());
        if (numbers.size() != 3 || !value.is_array())
            reader.fail(std::string("normalize.") + key + ": must be a list of 1 or 3 numbers");
        std::array<double, 3> triple{numbers[0], numbers[1], numbers[2]};
        if (triple != target) {
            target = triple;
            normalization.preset = "custom"; // values that differ from the named preset's
        }
    };
    readTriple("mean", normalization.mean);
    readTriple("std", normalization.std);
}

} // namespace

std::string augmentationToJson(const AugmentationSpec& a)
{
    const Normalization& n = a.normalize;
    const json j = {
        {"random_crop",
            {{"enabled", a.crop.enabled}, {"padding", a.crop.padding}, {"reflect", a.crop.reflect},
                {"p", a.crop.probability}}},
        {"horizontal_flip", {{"enabled", a.horizontalFlip.enabled}, {"p", a.horizontalFlip.probability}}},
        {"vertical_flip", {{"enabled", a.verticalFlip.enabled}, {"p", a.verticalFlip.probability}}},
        {"rotation", {{"enabled", a.rotation.enabled}, {"degrees", a.rotation.degrees}, {"p", a.rotation.probability}}},
        {"affine",
            {{"enabled", a.affine.enabled}, {"scale", {a.affine.scaleMin, a.affine.scaleMax}},
                {"translate", a.affine.translate}, {"p", a.affine.probability}}},
        {"color_jitter",
            {{"enabled", a.colorJitter.enabled}, {"brightness", a.colorJitter.brightness},
                {"contrast", a.colorJitter.contrast}, {"saturation", a.colorJitter.saturation},
                {"hue", a.colorJitter.hue}, {"p", a.colorJitter.probability}}},
        {"grayscale", {{"enabled", a.grayscale.enabled}, {"p", a.grayscale.probability}}},
        {"gaussian_blur",
            {{"enabled", a.blur.enabled}, {"kernel", a.blur.kernelSize}, {"sigma", {a.blur.sigmaMin, a.blur.sigmaMax}},
                {"p", a.blur.probability}}},
        {"cutout",
            {{"enabled", a.cutout.enabled}, {"area", {a.cutout.areaMin, a.cutout.areaMax}},
                {"ratio", {a.cutout.ratioMin, a.cutout.ratioMax}}, {"p", a.cutout.probability}}},
        {"normalize", {{"enabled", n.enabled}, {"preset", n.preset}, {"mean", n.mean}, {"std", n.std}}},
    };
    return j.dump(2);
}

AugmentationSpec augmentationFromJson(const std::string& text, const std::string& source)
{
    json root = parseJsonDocument(text, source);
    // A whole experiment file is accepted too: its "augmentation" object is used.
    if (root.is_object() && root.contains("augmentation") && root.contains("model"))
        root = root["augmentation"];
    if (!root.is_object())
        throw Error(ErrorCode::InvalidData, "augmentation: must be an object", {source});

    AugmentationSpec a;
    const Reader r(root, source);
    if (const json* s = r.section("random_crop")) {
        r.read(s, "random_crop", "enabled", a.crop.enabled);
        r.read(s, "random_crop", "padding", a.crop.padding);
        r.read(s, "random_crop", "reflect", a.crop.reflect);
        r.read(s, "random_crop", "p", a.crop.probability);
    }
    for (const auto& [key, flip] :
        {std::pair{"horizontal_flip", &a.horizontalFlip}, {"vertical_flip", &a.verticalFlip}})
        if (const json* s = r.section(key)) {
            r.read(s, key, "enabled", flip->enabled);
            r.read(s, key, "p", flip->probability);
        }
    if (const json* s = r.section("rotation")) {
        r.read(s, "rotation", "enabled", a.rotation.enabled);
        r.read(s, "rotation", "degrees", a.rotation.degrees);
        r.read(s, "rotation", "p", a.rotation.probability);
    }
    if (const json* s = r.section("affine")) {
        r.read(s, "affine", "enabled", a.affine.enabled);
        r.readRange(s, "affine", "scale", a.affine.scaleMin, a.affine.scaleMax);
        r.read(s, "affine", "translate", a.affine.translate);
        r.read(s, "affine", "p", a.affine.probability);
    }
    if (const json* s = r.section("color_jitter")) {
        r.read(s, "color_jitter", "enabled", a.colorJitter.enabled);
        r.read(s, "color_jitter", "brightness", a.colorJitter.brightness);
        r.read(s, "color_jitter", "contrast", a.colorJitter.contrast);
        r.read(s, "color_jitter", "saturation", a.colorJitter.saturation);
        r.read(s, "color_jitter", "hue", a.colorJitter.hue);
        r.read(s, "color_jitter", "p", a.colorJitter.probability);
    }
    if (const json* s = r.section("grayscale")) {
        r.read(s, "grayscale", "enabled", a.grayscale.enabled);
        r.read(s, "grayscale", "p", a.grayscale.probability);
    }
    if (const json* s = r.section("gaussian_blur")) {
        r.read(s, "gaussian_blur", "enabled", a.blur.enabled);
        r.read(s, "gaussian_blur", "kernel", a.blur.kernelSize);
        r.readRange(s, "gaussian_blur", "sigma", a.blur.sigmaMin, a.blur.sigmaMax);
        r.read(s, "gaussian_blur", "p", a.blur.probability);
    }
    if (const json* s = r.section("cutout")) {
        r.read(s, "cutout", "enabled", a.cutout.enabled);
        r.readRange(s, "cutout", "area", a.cutout.areaMin, a.cutout.areaMax);
        r.readRange(s, "cutout", "ratio", a.cutout.ratioMin, a.cutout.ratioMax);
        r.read(s, "cutout", "p", a.cutout.probability);
    }
    readNormalization(r, r.section("normalize"), a.normalize);
    return a;
}

void validate(const AugmentationSpec& a)
{
    const auto reject = [](const std::string& message) { throw Error(ErrorCode::InvalidArgument, message); };
    const auto finite = [](double v) { return std::isfinite(v); };
    for (const double p : {a.crop.probability, a.horizontalFlip.probability, a.verticalFlip.probability,
             a.rotation.probability, a.affine.probability, a.colorJitter.probability, a.grayscale.probability,
             a.blur.probability, a.cutout.probability})
        if (!finite(p) || p < 0.0 || p > 1.0)
            reject("augmentation probabilities must be between 0 and 1");
    if (a.crop.padding < 0 || a.crop.padding > 1024)
        reject("crop padding must be between 0 and 1024");
    if (!finite(a.rotation.degrees) || a.rotation.degrees < 0.0 || a.rotation.degrees > 180.0)
        reject("rotation must be between 0 and 180 degrees");
    if (!finite(a.affine.scaleMin) || !finite(a.affine.scaleMax) || a.affine.scaleMin <= 0.0
        || a.affine.scaleMin > a.affine.scaleMax || a.affine.scaleMax > 10.0)
        reject("affine scale must be a range 0 < min <= max <= 10");
    if (!finite(a.affine.translate) || a.affine.translate < 0.0 || a.affine.translate > 1.0)
        reject("affine translation must be between 0 and 1 (a fraction of the image size)");
    const AugmentationSpec::ColorJitter& j = a.colorJitter;
    for (const double v : {j.brightness, j.contrast, j.saturation})
        if (!finite(v) || v < 0.0 || v > 10.0)
            reject("color jitter brightness, contrast and saturation must be between 0 and 10");
    if (!finite(j.hue) || j.hue < 0.0 || j.hue > 0.5)
        reject("color jitter hue must be between 0 and 0.5");
    if (a.blur.kernelSize < 1 || a.blur.kernelSize > 31 || a.blur.kernelSize % 2 == 0)
        reject("blur kernel size must be odd, 1 to 31");
    if (!finite(a.blur.sigmaMin) || !finite(a.blur.sigmaMax) || a.blur.sigmaMin <= 0.0
        || a.blur.sigmaMin > a.blur.sigmaMax)
        reject("blur sigma must be a range 0 < min <= max");
    if (!finite(a.cutout.areaMin) || !finite(a.cutout.areaMax) || a.cutout.areaMin <= 0.0
        || a.cutout.areaMin > a.cutout.areaMax || a.cutout.areaMax >= 1.0)
        reject("cutout area must be a range 0 < min <= max < 1");
    if (!finite(a.cutout.ratioMin) || !finite(a.cutout.ratioMax) || a.cutout.ratioMin <= 0.0
        || a.cutout.ratioMin > a.cutout.ratioMax)
        reject("cutout aspect ratio must be a range 0 < min <= max");
    for (std::size_t c = 0; c < 3; ++c)
        if (!finite(a.normalize.mean[c]) || !finite(a.normalize.std[c]) || a.normalize.std[c] <= 0.0)
            reject("normalization std must be above 0 and mean finite");
}

} // namespace cnnwb::engine
