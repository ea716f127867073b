#!/usr/bin/env bash
# Fine-tuning torchvision's ResNet-18 at 224 px, everything but the head frozen: `cnnwb train --model
# resnet18 --weights ... --freeze-until 14` against the same loop in PyTorch eager written carefully
# (bench/finetune_reference.py: data decoded once into a tensor, channels-last, same batch, same frozen
# part, Adam on the head), in one script; prints images/s side by side and the ratio.
#   bench/finetune_vs_pytorch.sh [PER_CLASS] [BATCH] [THREADS] [DEVICE] [EPOCHS]
#     (defaults: 40 training images a class, batch 32, nproc threads, cpu, 1 epoch)
#   CNNWB_CIFAR10_JPEG_ARCHIVE  CIFAR-10 JPEG images to scale up (default ../shared/datasets/cifar10-jpeg.tar.gz;
#                               random images without it)
set -euo pipefail
cd "$(dirname "$0")/.."
per_class=${1:-40}
batch=${2:-32}
threads=${3:-$(nproc)}
device=${4:-cpu}
epochs=${5:-1}
venv=${CNNWB_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/cnnwb/venv}
archive=${CNNWB_CIFAR10_JPEG_ARCHIVE:-../shared/datasets/cifar10-jpeg.tar.gz}
cli=${CNNWB_CLI:-build/release/bin/cnnwb}
[[ -x $cli ]] || scripts/build.sh release >/dev/null

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cifar=()
if [[ -f $archive ]]; then
  mkdir -p build/bench-data
  [[ -d build/bench-data/cifar10-jpeg/test ]] || tar -xzf "$archive" -C build/bench-data
  cifar=(build/bench-data/cifar10-jpeg)
fi
"$venv/bin/python" bench/finetune_reference.py prepare "$work" "$per_class" "${cifar[@]}"

echo "== cnnwb: ResNet-18 from $work/resnet18-00000000.pth, layers 0-13 frozen, batch $batch, $threads thread(s), $device" >&2
line=$("$cli" train --data "$work/data" --model resnet18 --weights "$work/resnet18-00000000.pth" --freeze-until 14 \
       --input-size 224 --epochs "$epochs" --batch-size "$batch" --threads "$threads" --device "$device" \
       | grep '^epoch' | tail -n 1)
echo "$line" >&2
cpp=$(sed -E 's/.* ([0-9.]+) images\/s.*/\1/' <<<"$line")
echo "== PyTorch eager, the same loop" >&2
py=$(OMP_NUM_THREADS=$threads "$venv/bin/python" bench/finetune_reference.py train "$work" --batch "$batch" \
     --threads "$threads" --device "$device" --epochs "$epochs" | tail -n 1)
echo "$py" >&2
"$venv/bin/python" - "$cpp" "$py" "$batch" "$threads" "$device" <<'PY'
import json, sys
cpp, py = float(sys.argv[1]), json.loads(sys.argv[2])["images_per_second"]
print(f"\n{'fine-tuning ResNet-18 at 224 px':34}{'cnnwb':>10}{'PyTorch eager':>16}")
print(f"{'images/s (training)':34}{cpp:10.1f}{py:16.1f}")
print(f"ratio cnnwb/PyTorch: {cpp / py:.2f}x (goal >= 1.0x on a GPU); batch {sys.argv[3]}, {sys.argv[4]} thread(s), {sys.argv[5]}")
PY
