#!/usr/bin/env bash
# Training speed of cnnwb against the seed's Python loop and the loop a careful PyTorch user writes
# (bench/careful_loop.py: images decoded once into a tensor, batches gathered by index, channels-last,
# no DataLoader; without augmentation only) (torch + torchvision from the project's venv):
# same model, data, batch size, optimizer, epochs and thread count, in one script, over several seeds
# (one epoch's accuracy varies by a point or two from seed to seed, so single runs cannot show
# "equal accuracy"). Prints both side by side and the ratio.
#   bench/train_vs_python.sh [EPOCHS] [THREADS] [SEEDS] [augment]   (defaults: 1, nproc, 3, no augmentation)
# With "augment", both sides train with random crop (padding 4) + horizontal flip: cnnwb with its own
# augmentation, Python with torchvision's RandomCrop + RandomHorizontalFlip.
#   CNNWB_CIFAR10_JPEG_ARCHIVE  archive to unpack (default ../shared/datasets/cifar10-jpeg.tar.gz)
#   CNNWB_BENCH_DIR             where to unpack it (default build/bench-data)
set -euo pipefail
cd "$(dirname "$0")/.."
epochs=${1:-1}
threads=${2:-$(nproc)}
seeds=${3:-3}
augment=${4:-}
cpp_augment=()
py_augment=()
if [[ $augment == augment ]]; then
  cpp_augment=(--augment crop,hflip --crop-padding 4)
  py_augment=(--augment)
fi
venv=${CNNWB_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/cnnwb/venv}
archive=${CNNWB_CIFAR10_JPEG_ARCHIVE:-../shared/datasets/cifar10-jpeg.tar.gz}
data=${CNNWB_BENCH_DIR:-build/bench-data}
cli=${CNNWB_CLI:-build/release/bin/cnnwb} # another build to compare: CNNWB_CLI=path

[[ -x $cli ]] || scripts/build.sh release >/dev/null
if [[ ! -d $data/cifar10-jpeg/test ]]; then
  [[ -f $archive ]] || { echo "bench: $archive not found" >&2; exit 2; }
  mkdir -p "$data" && tar -xzf "$archive" -C "$data"
fi

results=$(mktemp)
for ((seed = 0; seed < seeds; seed++)); do
  echo "== seed $seed: cnnwb (C++/LibTorch), $epochs epoch(s), $threads thread(s)" >&2
  line=$("$cli" train --data "$data/cifar10-jpeg" --epochs "$epochs" --threads "$threads" --device cpu --seed "$seed" "${cpp_augment[@]}" \
         | grep '^epoch' | tail -n 1)
  echo "$line" >&2
  echo "cpp $(sed -E 's/.* ([0-9.]+) images\/s.*/\1/' <<<"$line") $(sed -E 's/.*test accuracy ([0-9.]+) %.*/\1/' <<<"$line")" >>"$results"
  echo "== seed $seed: the seed's Python loop (torch + torchvision)" >&2
  line=$(OMP_NUM_THREADS=$threads "$venv/bin/python" bench/seed_loop.py --data "$data/cifar10-jpeg" --epochs "$epochs" \
         --threads "$threads" --seed "$seed" "${py_augment[@]}" | tail -n 1)
  echo "$line" >&2
  "$venv/bin/python" -c 'import json,sys; r=json.loads(sys.argv[1]); print("py", r["images_per_second"], 100*r["test_accuracy"])' \
    "$line" >>"$results"
  if [[ $augment != augment ]]; then
    echo "== seed $seed: the careful PyTorch loop (decoded once, batches by index, channels-last)" >&2
    line=$(OMP_NUM_THREADS=$threads "$venv/bin/python" bench/careful_loop.py --data "$data/cifar10-jpeg" --epochs "$epochs" \
           --threads "$threads" --seed "$seed" --channels-last | tail -n 1)
    echo "$line" >&2
    "$venv/bin/python" -c 'import json,sys; r=json.loads(sys.argv[1]); print("careful", r["images_per_second"], 100*r["test_accuracy"])' \
      "$line" >>"$results"
  fi
done

"$venv/bin/python" - "$results" "$epochs" "$threads" "$augment" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
def pick(kind, column):
    return [float(r[column]) for r in rows if r[0] == kind]
cpp_ips, py_ips = statistics.mean(pick("cpp", 1)), statistics.mean(pick("py", 1))
cpp_acc, py_acc = pick("cpp", 2), pick("py", 2)
print(f"\n{'':26}{'cnnwb':>12}{'Python seed':>14}")
print(f"{'images/s (training, mean)':26}{cpp_ips:12.0f}{py_ips:14.0f}")
print(f"{'test accuracy % (mean)':26}{statistics.mean(cpp_acc):12.2f}{statistics.mean(py_acc):14.2f}")
print(f"{'test accuracy % (runs)':26}{' '.join(f'{a:.2f}' for a in cpp_acc):>12}  {' '.join(f'{a:.2f}' for a in py_acc)}")
print(f"speed ratio C++/Python: {cpp_ips / py_ips:.2f}x (goal >= 1.5x); mean accuracy difference "
      f"{statistics.mean(cpp_acc) - statistics.mean(py_acc):+.2f} points (goal within 1); "
      f"{sys.argv[2]} epoch(s), {sys.argv[3]} thread(s), {len(cpp_acc)} seed(s)")
careful = pick("careful", 1)
if careful:
    careful_acc = pick("careful", 2)
    print(f"careful PyTorch loop: {statistics.mean(careful):.0f} images/s, test accuracy {statistics.mean(careful_acc):.2f} % "
          f"({' '.join(f'{a:.2f}' for a in careful_acc)}); cnnwb / careful loop {cpp_ips / statistics.mean(careful):.2f}x "
          f"(goal >= 1.2x)")
if len(sys.argv) > 4 and sys.argv[4] == "augment":
    print(f"with random crop + flip on both sides: {cpp_ips / py_ips:.2f}x (goal >= 2x)")
PY
rm -f "$results"
