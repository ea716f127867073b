// libFuzzer target: the CIFAR-10 binary reader (cifar_reader.cpp) and format detection.
//
// Input: [u16 length][batches.meta.txt][u32 length][train batch][test batch = the rest]. The train
// batch is written as each of data_batch_1..5.bin, the rest as test_batch.bin.

#include "fuzz_support.h"

#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace cnnwb::fuzz;
    std::span<const std::uint8_t> rest(data, size);
    cnnwb::engine::InMemoryFolder folder;
    put(folder, "batches.meta.txt", takeChunk(rest, 2));
    const std::span<const std::uint8_t> train = takeChunk(rest, 4);
    for (int i = 1; i <= 5; ++i)
        put(folder, "data_batch_" + std::to_string(i) + ".bin", train);
    put(folder, "test_batch.bin", rest);
    loadFolder(folder);
    return 0;
}
