#!/usr/bin/env bash
# Sets up the machine if needed, builds if needed, and opens the workbench on the default
# experiment: the seed CNN on CIFAR-10 when it is in the data folder, else on Fashion-MNIST from
# Debian's package (so a first run works offline).
#   scripts/run.sh [cnn-workbench arguments, e.g. --data DIR]
# Environment: CNNWB_DATA_DIR (data folder, default ~/.local/share/cnn-workbench/data),
#              CNNWB_CIFAR10_ARCHIVE (a cifar10-jpeg.tar.gz to unpack into the data folder once).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh release

data_dir=${CNNWB_DATA_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/cnn-workbench/data}
archive=${CNNWB_CIFAR10_ARCHIVE:-../shared/datasets/cifar10-jpeg.tar.gz}
if [[ -f $archive && ! -d $data_dir/cifar10-jpeg/test ]]; then
  echo "[run] unpacking $archive into $data_dir"
  mkdir -p "$data_dir"
  tar -xzf "$archive" -C "$data_dir"
fi

if [[ -z ${DISPLAY:-} && -z ${WAYLAND_DISPLAY:-} && -z ${QT_QPA_PLATFORM:-} ]]; then
  echo "[run] no display: set DISPLAY (X11, also over ssh -X) or run the CLI: build/release/bin/cnnwb --help" >&2
  exit 1
fi
exec build/release/bin/cnn-workbench "$@"
