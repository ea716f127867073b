#!/usr/bin/env bash
# Data-parallel training on CPUs (Gloo), in one script: cnnwb on one process, cnnwb on N processes
# under torchrun, and PyTorch's DistributedDataParallel on N processes (bench/ddp_reference.py) —
# the same seed CNN, Adam 1e-3, the same global batch, one thread per process, on the CIFAR-10 JPEG
# set. Prints training images/s and test accuracy side by side with the ratios.
#   bench/distributed_vs_ddp.sh [PROCESSES] [EPOCHS] [GLOBAL_BATCH]   (defaults: nproc, 1, 64)
#   CNNWB_CIFAR10_JPEG_ARCHIVE  archive to unpack (default ../shared/datasets/cifar10-jpeg.tar.gz)
#   CNNWB_BENCH_DIR             where to unpack it (default build/bench-data)
set -euo pipefail
cd "$(dirname "$0")/.."
procs=${1:-$(nproc)}
epochs=${2:-1}
global=${3:-64}
(( global % procs == 0 )) || { echo "bench: the global batch $global does not divide by $procs processes" >&2; exit 2; }
batch=$((global / procs))
venv=${CNNWB_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/cnnwb/venv}
archive=${CNNWB_CIFAR10_JPEG_ARCHIVE:-../shared/datasets/cifar10-jpeg.tar.gz}
data=${CNNWB_BENCH_DIR:-build/bench-data}
cli=$PWD/build/release/bin/cnnwb

[[ -x $cli ]] || scripts/build.sh release >/dev/null
if [[ ! -d $data/cifar10-jpeg/test ]]; then
  [[ -f $archive ]] || { echo "bench: $archive not found" >&2; exit 2; }
  mkdir -p "$data" && tar -xzf "$archive" -C "$data"
fi
port() { "$venv/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
last_epoch() { grep '^epoch' | tail -n 1; }
ips() { sed -E 's/.* ([0-9.]+) images\/s.*/\1/'; }
acc() { sed -E 's/.*test accuracy ([0-9.]+) %.*/\1/'; }

echo "== cnnwb, 1 process x 1 thread, batch $global" >&2
one=$("$cli" train --data "$data/cifar10-jpeg" --epochs "$epochs" --batch-size "$global" --threads 1 --device cpu | last_epoch)
echo "$one" >&2
echo "== cnnwb, $procs processes x 1 thread (torchrun, Gloo), batch $batch each" >&2
many=$(OMP_NUM_THREADS=1 "$venv/bin/torchrun" --nproc-per-node="$procs" --master-port="$(port)" --no-python \
  "$cli" train --data "$data/cifar10-jpeg" --epochs "$epochs" --batch-size "$batch" --threads 1 --device cpu | last_epoch)
echo "$many" >&2
echo "== PyTorch DDP, $procs processes x 1 thread (torchrun, Gloo), batch $batch each" >&2
ddp=$(cd bench && OMP_NUM_THREADS=1 "$venv/bin/torchrun" --nproc-per-node="$procs" --master-port="$(port)" \
  ddp_reference.py --data "../$data/cifar10-jpeg" --cache "../$data" --epochs "$epochs" --batch-size "$batch" | tail -n 1)
echo "$ddp" >&2

"$venv/bin/python" - "$(ips <<<"$one")" "$(acc <<<"$one")" "$(ips <<<"$many")" "$(acc <<<"$many")" "$ddp" "$procs" <<'PY'
import json, sys
one_ips, one_acc, many_ips, many_acc = map(float, sys.argv[1:5])
ddp = json.loads(sys.argv[5]); procs = int(sys.argv[6])
ddp_ips, ddp_acc = ddp["images_per_second"], 100 * ddp["test_accuracy"]
print(f"\n{'':30}{'cnnwb x1':>12}{f'cnnwb x{procs}':>12}{f'DDP x{procs}':>12}")
print(f"{'images/s (training)':30}{one_ips:12.0f}{many_ips:12.0f}{ddp_ips:12.0f}")
print(f"{'test accuracy %':30}{one_acc:12.2f}{many_acc:12.2f}{ddp_acc:12.2f}")
print(f"scaling cnnwb x{procs} / x1: {many_ips / one_ips:.2f}x; cnnwb x{procs} / PyTorch DDP x{procs}: {many_ips / ddp_ips:.2f}x")
PY
