// libFuzzer target: the ImageFolder listing and reader (image_folder_reader.cpp), the in-memory
// file source's paths (file_source.cpp) and the image decoders (image_decode.cpp, jpeg_codec.cpp,
// png_codec.cpp; the other formats through OpenCV).
//
// Input: entries back to back, each [u8 length][relative path][u16 length][file bytes], e.g.
// "train/cat/0.png" and a PNG. Paths are taken as they come: empty or dot components, a name that
// is a file and a folder at once, hidden names and odd extensions are the listing's to judge.

#include "fuzz_support.h"

#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace cnnwb::fuzz;
    std::span<const std::uint8_t> rest(data, size);
    cnnwb::engine::InMemoryFolder folder;
    folder.name = "images";
    // A few dozen entries cover every rule of the listing; more only slow each input down.
    for (int entry = 0; entry < 64 && !rest.empty(); ++entry) {
        const std::span<const std::uint8_t> path = takeChunk(rest, 1);
        const std::span<const std::uint8_t> bytes = takeChunk(rest, 2);
        put(folder, std::string(path.begin(), path.end()), bytes);
    }
    loadFolder(folder);
    return 0;
}
