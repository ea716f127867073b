#include "version_text.h"

#include "cnnwb/engine/core/version.h"

namespace cnnwb::app {

std::string versionText()
{
    const engine::VersionInfo v = engine::versionInfo();
    std::string text
        = "cnnwb " + v.project + (v.gitCommit.empty() ? "" : " (" + v.gitCommit + ")") + "\n" + v.librariesText();
    if (!v.libtorchFolder.empty())
        text += "\nLibTorch loaded from " + v.libtorchFolder;
    return text;
}

} // namespace cnnwb::app
