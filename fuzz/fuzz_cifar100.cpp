// libFuzzer target: the CIFAR-100 binary reader (cifar_reader.cpp) and format detection.
//
// Input: [u16 length][fine_label_names.txt][u32 length][train.bin][test.bin = the rest].

#include "fuzz_folder.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace cnnwb::fuzz;
    std::span<const std::uint8_t> rest(data, size);
    const std::filesystem::path& folder = emptyScratchFolder();
    writeFile(folder / "fine_label_names.txt", takeChunk(rest, 2));
    writeFile(folder / "train.bin", takeChunk(rest, 4));
    writeFile(folder / "test.bin", rest);
    loadFolder(folder);
    return 0;
}
