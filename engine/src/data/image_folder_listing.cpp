#include "data/image_folder_listing.h"

#include "data/image_decode.h"
#include "data/stratified_split.h"

#include "cnnwb/engine/core/error.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <iterator>
#include <map>
#include <set>

namespace cnnwb::engine {
namespace {

namespace fs = std::filesystem;

bool isHidden(const std::string& name)
{
    return !name.empty() && name.front() == '.';
}

// torchvision's IMG_EXTENSIONS, matched case-insensitively as torchvision does; the extension as
// std::filesystem::path::extension() takes it (after the last dot, none for a leading one).
bool hasImageExtension(std::string_view name)
{
    static const std::set<std::string, std::less<>> kExtensions
        = {".jpg", ".jpeg", ".png", ".ppm", ".bmp", ".pgm", ".tif", ".tiff", ".webp"};
    const std::size_t dot = name.rfind('.');
    if (dot == std::string_view::npos || dot == 0 || name.size() - dot > 5)
        return false;
    std::array<char, 5> lower{};
    std::transform(name.begin() + static_cast<std::ptrdiff_t>(dot), name.end(), lower.begin(),
        [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return kExtensions.contains(std::string_view(lower.data(), name.size() - dot));
}

std::vector<std::string> classFolders(const FileSource& source, const fs::path& splitDir)
{
    std::vector<std::string> names;
    for (const FileSource::Entry& entry : source.list(splitDir))
        if (entry.kind == FileSource::Kind::Folder && !isHidden(entry.name))
            names.push_back(entry.name);
    std::sort(names.begin(), names.end()); // torchvision: class index = position in sorted order
    return names;
}

// Sorts `files`, all below `dir`, in the order of std::filesystem::path's operator< (component by
// component), at plain string speed: that operator made sorting 60,000 paths a good part of opening
// a cached dataset. Only the part below `dir` is compared, with the separator ranked below every
// other byte, which is what comparing component by component amounts to.
void sortLikePaths(const fs::path& dir, std::vector<fs::path>& files)
{
    const std::string& prefix = dir.native();
    std::vector<std::pair<std::string, std::size_t>> keys;
    keys.reserve(files.size());
    for (std::size_t i = 0; i < files.size(); ++i) {
        const std::string& text = files[i].native();
        std::string key = text.starts_with(prefix) ? text.substr(prefix.size()) : text;
        std::replace(key.begin(), key.end(), '/', '\0');
        keys.emplace_back(std::move(key), i);
    }
    std::sort(keys.begin(), keys.end());
    std::vector<fs::path> sorted;
    sorted.reserve(files.size());
    for (const auto& key : keys)
        sorted.push_back(std::move(files[key.second]));
    files = std::move(sorted);
}

// The image files below `dir`, following symbolic links to folders but entering each folder once: a
// link back to a folder above (a loop) would otherwise be walked until the path grew too long.
std::vector<fs::path> imageFilesBelow(const FileSource& source, const fs::path& dir)
{
    std::set<std::string> entered{source.folderKey(dir)};
    std::vector<fs::path> folders{dir};
    std::vector<fs::path> files;
    while (!folders.empty()) {
        const fs::path folder = std::move(folders.back());
        folders.pop_back();
        for (const FileSource::Entry& entry : source.list(folder)) {
            // A path is built only for what is kept: paths cost allocations, and most of a
            // fuzzer's (or a messy folder's) entries are not images.
            if (entry.kind == FileSource::Kind::Folder) {
                fs::path path = folder / entry.name;
                if (entered.insert(source.folderKey(path)).second)
                    folders.push_back(std::move(path));
            } else if (entry.kind == FileSource::Kind::File && !isHidden(entry.name) && hasImageExtension(entry.name)) {
                files.push_back(folder / entry.name);
            }
        }
    }
    return files;
}

std::vector<LabelledFile> listSamples(const FileSource& source, const fs::path& splitDir,
    const std::vector<std::string>& classes, const std::map<std::string, std::int64_t>& labelOf)
{
    std::vector<LabelledFile> samples;
    for (const std::string& name : classes) {
        const fs::path classDir = splitDir / name;
        const auto label = labelOf.find(name);
        if (label == labelOf.end())
            throw Error(
                ErrorCode::InvalidData, "class folder \"" + name + "\" does not exist in train/", {classDir.string()});
        std::vector<fs::path> files = imageFilesBelow(source, classDir);
        if (files.empty())
            throw Error(ErrorCode::InvalidData,
                "the class folder \"" + name + "\" holds no images (.jpg, .png, .bmp, .webp, .tif, .ppm or .pgm)",
                {classDir.string()});
        sortLikePaths(classDir, files);
        for (auto& file : files)
            samples.push_back({std::move(file), label->second});
    }
    return samples;
}

// A test/ without one of train/'s classes would report that class as never seen, silently.
void requireEveryClass(
    const std::vector<std::string>& trainClasses, const std::vector<std::string>& testClasses, const fs::path& testDir)
{
    std::vector<std::string> missing;
    std::set_difference(
        trainClasses.begin(), trainClasses.end(), testClasses.begin(), testClasses.end(), std::back_inserter(missing));
    if (missing.empty())
        return;
    throw Error(ErrorCode::InvalidData,
        "test/ has no folder for class \"" + missing.front() + "\""
            + (missing.size() > 1 ? " (and " + std::to_string(missing.size() - 1) + " more)" : std::string())
            + "; every class of train/ needs test images",
        {testDir.string()});
}

bool holdsImages(const FileSource& source, const fs::path& folder)
{
    for (const FileSource::Entry& entry : source.list(folder))
        if (entry.kind == FileSource::Kind::File && !isHidden(entry.name) && hasImageExtension(entry.name))
            return true;
    return false;
}

// ---- the test split of a folder without one -----------------------------------------------------

// The held-out share of every class becomes the test split; both keep the listing's order, so
// only membership is random, and the same share and seed hold out the same files anywhere.
void holdOutTest(ImageFolderListing& listing, const DataOptions& options, const fs::path& root)
{
    if (!(options.testShare > 0.0 && options.testShare < 1.0))
        throw Error(ErrorCode::InvalidArgument,
            "this folder has no test/ folder, so a share of every class is held out for testing; the share must be "
            "above 0 % and below 100 %",
            {root.string()});
    std::vector<std::int64_t> labels;
    labels.reserve(listing.train.size());
    for (const LabelledFile& sample : listing.train)
        labels.push_back(sample.label);
    const std::size_t classes = listing.info.classNames.size();
    const std::vector<char> held = stratifiedHoldOut(
        labels, classes, options.testShare, options.splitSeed ^ 0x7e57c1a55e5ULL, HoldOutRounding::EveryClassBoth);
    std::vector<LabelledFile> train;
    listing.info.heldOutPerClass.assign(classes, 0);
    for (std::size_t i = 0; i < listing.train.size(); ++i) {
        if (held[i] != 0) {
            ++listing.info.heldOutPerClass[static_cast<std::size_t>(labels[i])];
            listing.test.push_back(std::move(listing.train[i]));
        } else {
            train.push_back(std::move(listing.train[i]));
        }
    }
    listing.train = std::move(train);
    char text[96];
    std::snprintf(text, sizeof text, "held out (%g %% of each class, seed %llu)", options.testShare * 100.0,
        static_cast<unsigned long long>(options.splitSeed));
    listing.info.evaluationSplit = text;
}

// ---- the shape ----------------------------------------------------------------------------------

struct Probe {
    ImageSize size;
    bool gray = false;
};

// Up to kSizeProbes images evenly spread over the listing (both splits), in listing order, read
// from their headers. An image that cannot be read is left to loading, which skips or reports it.
std::vector<Probe> probeListing(const FileSource& source, const ImageFolderListing& listing, const DataOptions& options)
{
    std::vector<const LabelledFile*> all;
    for (const auto* split : {&listing.train, &listing.test})
        for (const LabelledFile& sample : *split)
            all.push_back(&sample);
    const std::size_t count = std::min<std::size_t>(all.size(), kSizeProbes);
    std::vector<Probe> probes;
    std::optional<Error> first;
    for (std::size_t k = 0; k < count; ++k) {
        const fs::path& file = all[k * all.size() / count]->file;
        try {
            const std::vector<std::uint8_t> bytes = readWholeFile(source, file);
            const ImageShape shape = probeImage(bytes, file.string());
            probes.push_back({{shape.width, shape.height}, shape.channels == 1});
        } catch (const Error& e) {
            if (!options.skipUnreadable)
                throw;
            if (!first)
                first = e;
        }
    }
    if (probes.empty() && first)
        throw *first; // not one image of those looked at can be read: nothing to train on
    return probes;
}

void chooseShape(DatasetInfo& info, const std::vector<Probe>& probes, const DataOptions& options)
{
    info.imagesLookedAt = static_cast<int>(probes.size());
    const auto area = [](ImageSize s) { return static_cast<std::int64_t>(s.width) * s.height; };
    info.smallestImage = probes.front().size;
    info.largestImage = probes.front().size;
    bool sameSize = true;
    bool allGray = true;
    for (const Probe& probe : probes) {
        sameSize = sameSize && probe.size == probes.front().size;
        allGray = allGray && probe.gray;
        if (area(probe.size) < area(info.smallestImage))
            info.smallestImage = probe.size;
        if (area(probe.size) > area(info.largestImage))
            info.largestImage = probe.size;
    }
    ImageSize size = probes.front().size;
    info.sizeChoice = SizeChoice::Native;
    if (!options.inputSize.empty()) {
        size = options.inputSize;
        info.sizeChoice = SizeChoice::Chosen;
    } else if (!sameSize) {
        size = {kDefaultPhotoSide, kDefaultPhotoSide};
        info.sizeChoice = SizeChoice::Default;
    }
    const bool gray = options.color == ColorMode::Gray || (options.color == ColorMode::Auto && allGray);
    info.shape = {gray ? 1 : 3, size.height, size.width};
    info.resized = !sameSize || !(size == probes.front().size);
}

// ---- listing ------------------------------------------------------------------------------------

void listClasses(ImageFolderListing& listing, const FileSource& source, const fs::path& root, FolderLayout layout)
{
    const fs::path trainDir = layout == FolderLayout::Flat ? root : root / "train";
    DatasetInfo& info = listing.info;
    info.classNames = classFolders(source, trainDir);
    if (info.classNames.empty())
        throw Error(ErrorCode::InvalidData, "train/ holds no class folders", {trainDir.string()});
    std::map<std::string, std::int64_t> labelOf;
    for (std::size_t i = 0; i < info.classNames.size(); ++i)
        labelOf[info.classNames[i]] = static_cast<std::int64_t>(i);
    listing.train = listSamples(source, trainDir, info.classNames, labelOf);
    if (layout != FolderLayout::TrainTest)
        return;
    const fs::path testDir = testFolderOf(source, root);
    const std::vector<std::string> testClasses = classFolders(source, testDir);
    requireEveryClass(info.classNames, testClasses, testDir);
    listing.test = listSamples(source, testDir, testClasses, labelOf);
}

} // namespace

fs::path testFolderOf(const FileSource& source, const fs::path& root)
{
    for (const char* name : {"test", "val", "valid", "validation"})
        if (source.isFolder(root / name))
            return root / name;
    return {};
}

FolderLayout imageFolderLayout(const FileSource& source, const fs::path& root)
{
    if (source.isFolder(root / "train"))
        return testFolderOf(source, root).empty() ? FolderLayout::TrainOnly : FolderLayout::TrainTest;
    return FolderLayout::Flat;
}

bool looksLikeFlatImageFolder(const FileSource& source, const fs::path& root)
{
    int classesWithImages = 0;
    for (const std::string& name : classFolders(source, root))
        if (holdsImages(source, root / name) && ++classesWithImages == 2)
            return true;
    return false;
}

ImageFolderListing listImageFolder(const FileSource& source, const fs::path& root, const DataOptions& options)
{
    ImageFolderListing listing;
    listing.info.name = root.filename().string();
    listing.info.options = options;
    listing.info.layout = imageFolderLayout(source, root);
    listClasses(listing, source, root, listing.info.layout);
    if (listing.info.layout != FolderLayout::TrainTest)
        holdOutTest(listing, options, root);
    listing.info.trainCount = static_cast<std::int64_t>(listing.train.size());
    listing.info.testCount = static_cast<std::int64_t>(listing.test.size());
    chooseShape(listing.info, probeListing(source, listing, options), options);
    return listing;
}

} // namespace cnnwb::engine
