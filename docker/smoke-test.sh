#!/usr/bin/env bash
# Builds the workbench's container images and runs them for real (docs/docker.md, "Smoke test"):
#   docker/smoke-test.sh [--engine docker|podman] [--base IMAGE | --standin] [--data DIR] [--out DIR]
#   --engine   docker or podman (default: docker where its daemon answers, else podman)
#   --base     the PyTorch devel image to build on (default: docker/Dockerfile's BASE_IMAGE); when it cannot
#              be pulled, a stand-in made from Debian 12 (docker/standin-base.Dockerfile) is used instead
#   --standin  use the stand-in without trying to pull
#   --data     an ImageFolder dataset for the checks (default: 100 images a class of the CIFAR-10 JPEG archive
#              in $CNNWB_CIFAR10_ARCHIVE or ../shared/datasets, else generated shapes)
#   --out      where the runs folder, the logs and the screenshot go (default build/smoke-test)
# Checks: both images build; nobody in them is root; `cnnwb info` names the devices or why CUDA is unusable;
# a one-epoch `cnnwb train` as the image's user on the dataset mounted read-only leaves a run folder on the
# host that the host's user can read; docker/run-gui.sh puts the workbench's window on an Xvfb display of
# this machine through a cookie for that display only (screenshot: OUT/window.png). Prints build times and
# image sizes. Exit 0 when every check passed.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

engine=""
base=""
standin=0
data=""
out=$root/build/smoke-test
# shellcheck source-path=SCRIPTDIR source=container-user.sh
source "$root/docker/container-user.sh"
while (($#)); do
  case $1 in
    --engine) engine=${2:?}; shift 2 ;;
    --base) base=${2:?}; shift 2 ;;
    --standin) standin=1; shift ;;
    --data) data=$(cd "${2:?}" && pwd); shift 2 ;;
    --out) out=${2:?}; shift 2 ;;
    -h | --help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "smoke-test.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

failures=0
say() { printf '[smoke] %s\n' "$*"; }
pass() { printf '[smoke] PASS  %s\n' "$*"; }
fail() { printf '[smoke] FAIL  %s\n' "$*"; failures=$((failures + 1)); }
die() { printf '[smoke] %s\n' "$*" >&2; exit 2; }
seconds_since() { echo $(($(date +%s) - $1)); }

choose_engine() {
  if [[ -z $engine ]]; then
    if command -v docker >/dev/null && docker info >/dev/null 2>&1; then engine=docker
    elif command -v podman >/dev/null; then engine=podman
    else die "neither a working docker nor podman is installed (scripts/setup.sh installs podman)"
    fi
  fi
  say "container engine: $engine ($("$engine" --version | head -n 1))"
}

# Options that let `run` start a container here. Podman's defaults work on most machines; some sandboxed
# kernels refuse crun's and runc's setrlimit, for which docker/runc-without-nproc.sh exists.
run_options=()
choose_run_options() {
  local image=$1 nofile
  nofile=$(ulimit -Hn)
  local -a candidates=("" "--runtime runc --ulimit nofile=$nofile:$nofile"
    "--runtime $root/docker/runc-without-nproc.sh --ulimit nofile=$nofile:$nofile")
  [[ $engine == docker ]] && candidates=("")
  local candidate
  for candidate in "${candidates[@]}"; do
    read -ra run_options <<<"$candidate"
    if "$engine" run --rm "${run_options[@]}" --entrypoint true "$image" >/dev/null 2>&1; then
      say "run options: ${candidate:-(none needed)}"
      return 0
    fi
  done
  die "$engine cannot start a container from $image on this machine"
}

# ---- the base image: the official one, or the stand-in ----
debian_image=localhost/cnnwb-debian12:bookworm
make_debian_image() {
  "$engine" image inspect "$debian_image" >/dev/null 2>&1 && return 0
  (($(id -u) == 0)) || die "making the stand-in's Debian image takes debootstrap, which needs root (or pass --base)"
  command -v debootstrap >/dev/null || die "debootstrap is not installed (scripts/setup.sh installs it)"
  local rootfs=$out/debian-rootfs
  say "making $debian_image with debootstrap (a few minutes, once)"
  rm -rf "$rootfs"
  debootstrap --variant=minbase bookworm "$rootfs" http://deb.debian.org/debian >"$out/debootstrap.log" 2>&1 \
    || die "debootstrap failed: see $out/debootstrap.log"
  tar -C "$rootfs" -c . | "$engine" import - "$debian_image" >/dev/null
  rm -rf "$rootfs"
}

# Options for every build: the host's network; Docker's image format, whose SHELL instruction (pipefail)
# Podman's default OCI format drops; and where this machine's pip trusts its own CA bundle (a
# TLS-inspecting proxy), that bundle, mounted for pip only (Podman: docker build cannot mount a file).
build_options=(--network host)
choose_build_options() {
  [[ $engine == podman ]] || return 0
  build_options+=(--format docker)
  local cert=${PIP_CERT:-$(python3 -m pip config get global.cert 2>/dev/null || true)}
  if [[ -f $cert ]]; then
    build_options+=(-v "$cert:/run/cnnwb-pip-ca.pem:ro" --build-arg PIP_CERT=/run/cnnwb-pip-ca.pem)
    say "pip in the builds trusts $cert, as pip here does"
  fi
}

pinned() { sed -nE "s/^$1=([^ ]+).*/\1/p" scripts/setup.sh | head -n 1; }

choose_base() {
  [[ -n $base ]] || base=$(sed -nE 's/^ARG BASE_IMAGE=(.+)$/\1/p' docker/Dockerfile)
  if ((!standin)); then
    say "pulling $base"
    if timeout 1800 "$engine" pull "$base" >"$out/pull.log" 2>&1; then
      base_kind="official"
      return 0
    fi
    say "cannot pull $base ($(tail -n 1 "$out/pull.log")): building the stand-in from Debian 12"
  fi
  make_debian_image
  local torch nvcc cccl started
  torch=$(pinned TORCH_VERSION)
  nvcc=$(pinned CUDA_NVCC_VERSION)
  cccl=$(pinned CUDA_CCCL_VERSION)
  base=localhost/cnnwb-standin-base:torch$torch
  started=$(date +%s)
  mkdir -p "$out/empty-context"
  "$engine" build "${build_options[@]}" -f docker/standin-base.Dockerfile --build-arg "DEBIAN_IMAGE=$debian_image" \
    --build-arg "TORCH_VERSION=$torch" --build-arg "CUDA_NVCC_VERSION=$nvcc" --build-arg "CUDA_CCCL_VERSION=$cccl" -t "$base" "$out/empty-context" \
    >"$out/build-standin.log" 2>&1 || die "the stand-in base did not build: see $out/build-standin.log"
  standin_seconds=$(seconds_since "$started")
  base_kind="stand-in (Debian 12, Python 3.11, torch $torch and nvcc $nvcc from PyPI)"
}

# Both images build from one snapshot of the working tree, taken at the start: an edit made while the
# builds run cannot reach one image and not the other, nor void the GUI build's reuse of the CLI's.
context=$root
snapshot_sources() {
  git -C "$root" rev-parse --is-inside-work-tree >/dev/null 2>&1 || return 0
  context=$out/context
  rm -rf "$context"
  mkdir -p "$context"
  git -C "$root" ls-files -z --cached --others --exclude-standard \
    | (cd "$root" && tar --null -T - --ignore-failed-read -c 2>/dev/null) | tar -x -C "$context"
}

declare -A build_seconds=()
build_target() {
  local target=$1 started
  started=$(date +%s)
  say "building cnn-workbench:$target on $base (log: $out/build-$target.log)"
  "$engine" build "${build_options[@]}" -f "$context/docker/Dockerfile" --build-arg "BASE_IMAGE=$base" \
    --build-arg "IMAGE_TAG=cnn-workbench:$target" --target "$target" -t "cnn-workbench:$target" "$context" \
    >"$out/build-$target.log" 2>&1 || { fail "cnn-workbench:$target builds (see $out/build-$target.log)"; return 1; }
  build_seconds[$target]=$(seconds_since "$started")
  pass "cnn-workbench:$target builds"
}

image_size() { "$engine" image inspect --format '{{.Size}}' "$1" | awk '{ printf "%.2f GB", $1 / 1e9 }'; }

# ---- data for the checks ----
write_shapes() {
  python3 - "$1" <<'PY'
import os, struct, sys, zlib
def png(path, pixels, size=32):
    raw = b"".join(b"\0" + bytes(v for x in range(size) for v in pixels(x, y)) for y in range(size))
    chunk = lambda kind, body: struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
shapes = {
    "circle": lambda n: lambda x, y: (230, 60, 40) if (x - 16) ** 2 + (y - 16) ** 2 < (6 + n % 6) ** 2 else (20, 20, 20),
    "square": lambda n: lambda x, y: (40, 200, 60) if abs(x - 16) < 5 + n % 6 and abs(y - 16) < 5 + n % 6 else (20, 20, 20),
    "stripe": lambda n: lambda x, y: (50, 90, 230) if (x + n) % 8 < 4 else (20, 20, 20),
}
for split, count in (("train", 40), ("test", 12)):
    for name, shape in shapes.items():
        os.makedirs(os.path.join(sys.argv[1], split, name), exist_ok=True)
        for n in range(count):
            png(os.path.join(sys.argv[1], split, name, f"{n:04d}.png"), shape(n + (0 if split == "train" else 100)))
PY
}

prepare_data() {
  [[ -n $data ]] && return 0
  local archive=${CNNWB_CIFAR10_ARCHIVE:-$root/../shared/datasets/cifar10-jpeg.tar.gz}
  rm -rf "$out/data"
  mkdir -p "$out/data"
  if [[ -f $archive ]]; then
    tar -xzf "$archive" -C "$out/data" --wildcards 'cifar10-jpeg/*/*/00[0-9]?.jpg'
    data=$out/data/cifar10-jpeg
    say "data: 100 training and 100 test images a class of $archive"
  else
    write_shapes "$out/data/shapes"
    data=$out/data/shapes
    say "data: generated shapes (no CIFAR-10 archive at $archive)"
  fi
  chmod -R a+rX "$out/data"
}

check_users() {
  local target uid
  for target in cli gui; do
    uid=$("$engine" run --rm "${run_options[@]}" --entrypoint id "cnn-workbench:$target" -u 2>&1 || true)
    if [[ $uid =~ ^[0-9]+$ && $uid != 0 ]]; then
      pass "cnn-workbench:$target runs as uid $uid, not root"
    else
      fail "cnn-workbench:$target runs as a non-root user (id -u said: $uid)"
    fi
  done
}

# `cnnwb info` with no GPUs handed in, and with them where this machine has an NVIDIA GPU: it names the
# devices, or says why CUDA is unusable.
check_info() {
  local -a gpu_sets=(none)
  [[ -e /dev/nvidiactl ]] && gpu_sets+=(all 0)
  local gpus
  for gpus in "${gpu_sets[@]}"; do
    local -a gpu_args=()
    case $engine:$gpus in
      *:none) ;;
      docker:all) gpu_args=(--gpus all) ;;
      docker:*) gpu_args=(--gpus "device=$gpus") ;;
      podman:*) gpu_args=(--device "nvidia.com/gpu=$gpus") ;;
    esac
    "$engine" run --rm "${run_options[@]}" "${container_user[@]}" "${gpu_args[@]}" cnn-workbench:cli info \
      >"$out/info-gpus-$gpus.txt" 2>&1 || true
    local line
    line=$(grep -m1 -E "CUDA not usable|^ *cuda:[0-9]" "$out/info-gpus-$gpus.txt" | sed 's/^ *//' || true)
    if [[ $gpus == none && $line == "CUDA not usable"* ]] || [[ $gpus != none && $line == cuda:* ]]; then
      pass "cnnwb info in the container, GPUs $gpus: ${line:0:110}"
    else
      fail "cnnwb info in the container, GPUs $gpus: names the devices or why CUDA is unusable (see $out/info-gpus-$gpus.txt)"
    fi
  done
  [[ -e /dev/nvidiactl ]] || say "no NVIDIA GPU on this machine: the containers were checked without GPUs only"
}

check_training() {
  local runs=$out/runs
  rm -rf "$runs"
  mkdir -p "$runs"
  (($(id -u) == 0)) && chown "$image_uid:$image_uid" "$runs"
  local started
  started=$(date +%s)
  if "$engine" run --rm "${run_options[@]}" "${container_user[@]}" -v "$data:/data:ro" -v "$runs:/runs" \
    cnn-workbench:cli train --data /data --epochs 1 --device cpu --out /runs/smoke >"$out/train.log" 2>&1; then
    pass "cnnwb train: one epoch in the container in $(seconds_since "$started") s ($(grep -m1 -iE "test acc" "$out/train.log" | sed 's/^ *//' || true))"
  else
    fail "cnnwb train runs an epoch in the container (see $out/train.log)"
  fi
  local files
  files=$(find "$runs/smoke" -type f 2>/dev/null | wc -l)
  if [[ -s $runs/smoke/manifest.json && -r $runs/smoke/manifest.json ]] && ((files > 1)) \
    && [[ -z $(find "$runs/smoke" ! -readable 2>/dev/null) ]]; then
    pass "the run folder outlives the container: $files files, all readable by $(id -un), owned by uid $(stat -c %u "$runs/smoke/manifest.json")"
  else
    fail "the run folder is on the host and readable after the container is gone ($runs/smoke)"
  fi
}

# ---- the window: Xvfb on this machine, the GUI image through docker/run-gui.sh ----
xvfb_pid=""
cleanup() {
  [[ -n $xvfb_pid ]] && kill "$xvfb_pid" 2>/dev/null
  "$engine" rm -f -t 1 cnnwb-smoke-gui >/dev/null 2>&1 || true
}
trap cleanup EXIT

start_xvfb() {
  local n
  for n in $(seq 150 199); do
    [[ -e /tmp/.X11-unix/X$n || -e /tmp/.X$n-lock ]] && continue
    display=:$n
    break
  done
  export XAUTHORITY=$out/xauthority
  : >"$XAUTHORITY"
  xauth -f "$XAUTHORITY" add "$display" MIT-MAGIC-COOKIE-1 "$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
  # -auth: the display admits only holders of that cookie, as a desktop session's does.
  Xvfb "$display" -screen 0 1280x800x24 -auth "$XAUTHORITY" -nolisten tcp >"$out/xvfb.log" 2>&1 &
  xvfb_pid=$!
  for _ in $(seq 50); do [[ -e /tmp/.X11-unix/X${display#:} ]] && break; sleep 0.2; done
  export DISPLAY=$display
}

check_window() {
  if ! command -v Xvfb >/dev/null || ! command -v xwininfo >/dev/null || ! command -v import >/dev/null; then
    fail "the window check needs Xvfb, xwininfo and ImageMagick's import (scripts/setup.sh installs them)"
    return
  fi
  start_xvfb
  if xwininfo -root >/dev/null 2>&1 && ! XAUTHORITY=/dev/null xwininfo -root >/dev/null 2>&1; then
    pass "the test display $display admits only the holders of its cookie"
  else
    fail "the test display $display admits only the holders of its cookie"
  fi
  CNNWB_CONTAINER_OPTIONS="${run_options[*]} --name cnnwb-smoke-gui -e CNNWB_NO_TOUR=1" \
    docker/run-gui.sh --engine "$engine" --image cnn-workbench:gui --gpus none --workdir "$out/gui-work" \
    --settings "$out/gui-settings" --data "$data" >"$out/gui.log" 2>&1 &
  local shown=0
  for _ in $(seq 180); do
    sleep 0.5
    xwininfo -root -tree 2>/dev/null | grep -q '"CNN Workbench' && { shown=1; break; }
  done
  if ((shown)); then
    sleep 8 # the first pages draw
    import -window root "$out/window.png"
    pass "the workbench's window from the container is on $display (screenshot $out/window.png)"
  else
    fail "the workbench's window appears on the host's display (see $out/gui.log)"
  fi
  "$engine" rm -f -t 1 cnnwb-smoke-gui >/dev/null 2>&1 || true
}

main() {
  mkdir -p "$out"
  out=$(cd "$out" && pwd)
  choose_engine
  choose_build_options
  snapshot_sources
  local started
  started=$(date +%s)
  choose_base
  local built
  built=$(date +%s)
  build_target cli || exit 1
  build_target gui || exit 1
  local total
  total=$(seconds_since "$built")
  choose_run_options cnn-workbench:cli
  container_user_args "$engine"
  prepare_data
  check_users
  check_info
  check_training
  check_window
  say "base: $base, $base_kind"
  [[ -n ${standin_seconds:-} ]] && say "stand-in base ready in ${standin_seconds} s, layers cached from earlier runs included ($(image_size "$base"))"
  say "build: cli ${build_seconds[cli]} s, then gui ${build_seconds[gui]} s (${total} s from the base); $(seconds_since "$started") s with the base"
  say "images: cnn-workbench:cli $(image_size cnn-workbench:cli), cnn-workbench:gui $(image_size cnn-workbench:gui)"
  if ((failures)); then say "$failures check(s) failed"; exit 1; fi
  say "all checks passed"
}

main
