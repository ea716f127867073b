#!/usr/bin/env bash
# Sets up the machine if needed, builds, and runs the whole test suite with CTest.
# Tests that need the shared datasets (label "data") skip with a message where those are absent.
#   scripts/test.sh [extra ctest arguments, e.g. -L unit]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh release
ctest --preset release "$@"
