#!/usr/bin/env bash
# A sweep's queue, one trial at a time against K at once (issue 21): 8 short trials (learning rate x
# batch size, 1 epoch each) of the seed CNN on a CIFAR-10 JPEG subset, run by `cnnwb sweep` with
# --parallel 1 and --parallel K into fresh folders. K CPU trials share the cores evenly (threads =
# cores / K, fixed in the sweep), so K = 2 gains where one trial cannot keep every core busy: its
# start-up, data loading, evaluation and the small per-step work of a small model. Prints both totals
# and the ratio side by side, and checks that both sweeps ran every trial.
#   bench/sweep_parallel.sh [K] [PER_CLASS]   (defaults: 2, 1000 training images per class)
#   CNNWB_CIFAR10_JPEG_ARCHIVE  archive to unpack (default ../shared/datasets/cifar10-jpeg.tar.gz)
#   CNNWB_BENCH_DIR             where to unpack it (default build/bench-data)
set -euo pipefail
cd "$(dirname "$0")/.."
k=${1:-2}
per_class=${2:-1000}
archive=${CNNWB_CIFAR10_JPEG_ARCHIVE:-../shared/datasets/cifar10-jpeg.tar.gz}
data=${CNNWB_BENCH_DIR:-build/bench-data}
cli=${CNNWB_CLI:-build/release/bin/cnnwb}
venv=${CNNWB_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/cnnwb/venv}

[[ -x $cli ]] || scripts/build.sh release >/dev/null
if [[ ! -d $data/cifar10-jpeg/test ]]; then
  [[ -f $archive ]] || { echo "bench: $archive not found" >&2; exit 2; }
  mkdir -p "$data" && tar -xzf "$archive" -C "$data"
fi

# The subset: the first PER_CLASS training and PER_CLASS/10 test images of every class, as links.
subset=$data/cifar10-sweep-subset-$per_class
if [[ ! -d $subset/test ]]; then
  for split in train test; do
    n=$per_class
    [[ $split == test ]] && n=$((per_class / 10))
    for class_dir in "$data"/cifar10-jpeg/$split/*/; do
      class=$(basename "$class_dir")
      mkdir -p "$subset/$split/$class"
      find "$class_dir" -name '*.jpg' | sort | sed -n "1,${n}p" | while read -r f; do ln -sf "$(realpath "$f")" "$subset/$split/$class/"; done
    done
  done
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$cli" train --data "$(realpath "$subset")" --epochs 1 --device cpu --print-experiment > "$work/base.json"
"$venv/bin/python" - "$work/base.json" "$work/sweep.json" <<'PY'
import json, sys
e = json.load(open(sys.argv[1]))
e["training"]["health_every"] = 0
e["sweep"] = {"method": "grid", "parameters": [
    {"key": "training.learning_rate", "min": 0.0003, "max": 0.003, "scale": "log", "count": 4},
    {"key": "training.batch_size", "values": [64, 128]}]}
json.dump(e, open(sys.argv[2], "w"), indent=1)
PY

declare -A seconds
for parallel in 1 "$k"; do
  echo "== cnnwb sweep --parallel $parallel: 8 trials of 1 epoch on $((per_class * 10)) images" >&2
  start=$(date +%s%N)
  "$cli" sweep --experiment "$work/sweep.json" --out "$work/k$parallel" --parallel "$parallel" > "$work/k$parallel.log"
  end=$(date +%s%N)
  seconds[$parallel]=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
  finished=$(grep -c ',finished,' "$work/k$parallel/index.csv" || true)
  [[ $finished == 8 ]] || {
    echo "bench: the K=$parallel sweep finished $finished of 8 trials" >&2
    cat "$work/k$parallel.log" "$work/k$parallel/trial-001/train.log" >&2
    exit 1
  }
  threads=$("$venv/bin/python" -c "import json,sys; print(json.load(open(sys.argv[1]))['training']['threads'])" "$work/k$parallel/sweep.json")
  echo "   $threads thread(s) per trial" >&2
done
printf '\n%-28s %12s %12s\n' "8 trials, $(nproc) cores" "K=1" "K=$k"
printf '%-28s %11.1fs %11.1fs\n' "total time" "${seconds[1]}" "${seconds[$k]}"
printf '%-28s %12s %11.2fx\n' "speed-up of K=$k over K=1" "" "$(awk -v a="${seconds[1]}" -v b="${seconds[$k]}" 'BEGIN { print a / b }')"
