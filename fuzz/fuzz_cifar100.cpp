// libFuzzer target: the CIFAR-100 binary reader (cifar_reader.cpp) and format detection.
//
// Input: [u16 length][fine_label_names.txt][u32 length][train.bin][test.bin = the rest].

#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace cnnwb::fuzz;
    std::span<const std::uint8_t> rest(data, size);
    cnnwb::engine::InMemoryFolder folder;
    put(folder, "fine_label_names.txt", takeChunk(rest, 2));
    put(folder, "train.bin", takeChunk(rest, 4));
    put(folder, "test.bin", rest);
    loadFolder(folder);
    return 0;
}
