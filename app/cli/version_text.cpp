#include "version_text.h"

#include "cnnwb/engine/core/version.h"

namespace cnnwb::app {

std::string versionText()
{
    const engine::VersionInfo v = engine::versionInfo();
    return "cnnwb " + v.project + (v.gitCommit.empty() ? "" : " (" + v.gitCommit + ")") + "\n" + v.librariesText();
}

} // namespace cnnwb::app
