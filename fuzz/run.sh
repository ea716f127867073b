#!/usr/bin/env bash
# Builds the fuzz targets (preset `fuzz`: Clang, libFuzzer, ASan + UBSan) and runs each for
# SECONDS (default 60) on a generated seed corpus that grows in build/fuzz/corpus/<target>/.
# Crashes are saved as build/fuzz/crashes/<target>/crash-*; rerun one with
#   build/fuzz/bin/<target> build/fuzz/crashes/<target>/crash-...
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
jobs="${CNNWB_FUZZ_BUILD_JOBS:-2}"
targets=(fuzz_cifar10 fuzz_cifar100 fuzz_idx)

cmake --preset fuzz >/dev/null
cmake --build build/fuzz --target "${targets[@]}" -j"$jobs"
python3 fuzz/make_corpus.py build/fuzz/seeds

export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
status=0
for target in "${targets[@]}"; do
  mkdir -p "build/fuzz/corpus/$target" "build/fuzz/crashes/$target"
  echo "== $target: ${seconds} s"
  build/fuzz/bin/"$target" -max_total_time="$seconds" -max_len=16384 -rss_limit_mb=4096 -print_final_stats=1 \
    -artifact_prefix="build/fuzz/crashes/$target/" "build/fuzz/corpus/$target" "build/fuzz/seeds/$target" \
    || status=$?
done
exit "$status"
