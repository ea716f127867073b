#!/usr/bin/env bash
# Builds the fuzz targets (preset `fuzz`: Clang, libFuzzer, ASan + UBSan) and runs each for
# SECONDS (default 60) on a generated seed corpus that grows in build/fuzz/corpus/<target>/.
# Prints each target's executions per second. Crashes are saved as build/fuzz/crashes/<target>/crash-*;
# rerun one with   build/fuzz/bin/<target> build/fuzz/crashes/<target>/crash-...
#   fuzz/run.sh [SECONDS] [TARGET...]          (docs/fuzzing.md)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
jobs="${CNNWB_FUZZ_BUILD_JOBS:-2}"
targets=("$@")
((${#targets[@]})) || targets=(fuzz_cifar10 fuzz_cifar100 fuzz_idx fuzz_image_folder fuzz_experiment fuzz_checkpoint)

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j"$jobs"
python3 fuzz/make_corpus.py build/fuzz/seeds >/dev/null

# The checkpoint target's seed is a real checkpoint: one epoch of a 200-parameter model.
if [[ ! -s build/fuzz/seeds/fuzz_checkpoint/last.ckpt ]]; then
  ASAN_OPTIONS=detect_leaks=0 build/fuzz/bin/cnnwb train --data build/fuzz/seeds/checkpoint-data/data \
    --model build/fuzz/seeds/checkpoint-data/model.json --epochs 1 --batch-size 8 --threads 1 \
    --out build/fuzz/seeds/checkpoint-run --overwrite >/dev/null 2>&1
  cp build/fuzz/seeds/checkpoint-run/last.ckpt build/fuzz/seeds/fuzz_checkpoint/last.ckpt
fi

export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
# The budget the readers check against, below libFuzzer's RSS limit: a declared size over it is an
# expected refusal, not an out-of-memory finding.
export CNNWB_MEMORY_BUDGET_MB="${CNNWB_MEMORY_BUDGET_MB:-2048}"
status=0
for target in "${targets[@]}"; do
  mkdir -p "build/fuzz/corpus/$target" "build/fuzz/crashes/$target"
  log="build/fuzz/$target.log"
  echo "== $target: ${seconds} s"
  build/fuzz/bin/"$target" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=4096 -timeout=10 \
    -print_final_stats=1 -artifact_prefix="build/fuzz/crashes/$target/" \
    "build/fuzz/corpus/$target" "build/fuzz/seeds/$target" >"$log" 2>&1 || status=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  crashes=$(find "build/fuzz/crashes/$target" -type f | wc -l)
  echo "   $runs executions, $rate per second, $crashes crashing inputs (log: $log)"
done
exit "$status"
