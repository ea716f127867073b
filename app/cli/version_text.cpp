#include "version_text.h"

#include "cnnwb/engine/core/version.h"

namespace cnnwb::app {

std::string versionText()
{
    const engine::VersionInfo v = engine::versionInfo();
    std::string text
        = "cnnwb " + v.project + (v.gitCommit.empty() ? "" : " (" + v.gitCommit + ")") + "\n" + v.librariesText();
    if (const std::string loadedFrom = v.loadedFromText(); !loadedFrom.empty())
        text += "\n" + loadedFrom;
    return text;
}

} // namespace cnnwb::app
