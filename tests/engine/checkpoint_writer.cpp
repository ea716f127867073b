// Test helper for test_checkpoint: saves the checkpoint SOURCE to TARGET over and over until
// killed, so the test can kill a writer at arbitrary moments and check TARGET stays loadable.
#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/train/checkpoint.h"

#include <cstdio>

int main(int argc, char** argv)
{
    if (argc != 3) {
        std::fprintf(stderr, "usage: checkpoint_writer SOURCE TARGET\n");
        return 2;
    }
    try {
        const cnnwb::engine::Checkpoint checkpoint = cnnwb::engine::Checkpoint::load(argv[1]);
        std::printf("writing\n");
        std::fflush(stdout);
        for (;;)
            checkpoint.save(argv[2]);
    } catch (const cnnwb::engine::Error& e) {
        std::fprintf(stderr, "checkpoint_writer: %s\n", e.what());
        return 1;
    }
}
