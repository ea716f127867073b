#!/usr/bin/env bash
# Configures (once) and builds a CMake preset; ninja and ccache make a second run cheap.
#   scripts/build.sh [PRESET]   (default: release)
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-release}
if [[ ! -f build/$preset/build.ninja ]]; then
  cmake --preset "$preset"
fi
cmake --build --preset "$preset"
