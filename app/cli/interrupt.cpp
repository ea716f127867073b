#include "interrupt.h"

#include <atomic>
#include <csignal>

namespace cnnwb::app {
namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void onInterrupt(int /*signal*/)
{
    g_interrupted = true;
}

} // namespace

void catchInterrupts()
{
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
}

bool interrupted() noexcept
{
    return g_interrupted.load();
}

} // namespace cnnwb::app
