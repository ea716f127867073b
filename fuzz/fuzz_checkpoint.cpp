// libFuzzer target: the checkpoint reader (train/checkpoint.cpp, train/torch_archive.cpp, the zip
// CRC check in core/zip_integrity.cpp, checkpoint_info.cpp) on the bytes of a checkpoint file, and
// what the front ends do next with one that loads: list its weights and compare them with the
// architecture its description names.
//
// Input: the file's bytes. Seeds are real checkpoints (fuzz/run.sh trains one for a second).

#include "fuzz_support.h"

#include "cnnwb/engine/train/checkpoint.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace cnnwb;
    fuzz::quietUnlessVerbose();
    try {
        const engine::Checkpoint checkpoint = engine::Checkpoint::read({data, size}, "fuzz.ckpt");
        for (const engine::NamedArray& weight : checkpoint.weights())
            fuzz::check(!weight.name.empty(), "every weight has a name");
        (void)engine::architectureMismatches(checkpoint.info().experiment.model, checkpoint);
    } catch (const engine::Error& e) {
        fuzz::expected(e);
    }
    return 0;
}
