#!/usr/bin/env bash
# Renders the screenshots of docs/tutorial.md and docs/tutorial.zh_CN.md from the real workbench on a
# private Xvfb display, so the pictures follow the program:
#   scripts/tutorial_screenshots.sh [BUILD_DIR] [DATA_DIR]
# or: cmake --build --preset release --target tutorial_screenshots
# Writes docs/images/tutorial/{en,zh_CN}/NN-name.png. Needs xvfb and imagemagick (scripts/setup.sh
# installs both). DATA_DIR defaults to the workbench's default dataset (CIFAR-10 JPEG if present).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build/release}
data=${2:-}
app=$build/bin/cnn-workbench
[[ -x $app ]] || { echo "tutorial_screenshots: build the workbench first ($app is missing)" >&2; exit 2; }
command -v Xvfb >/dev/null && command -v import >/dev/null \
  || { echo "tutorial_screenshots: needs xvfb and imagemagick (scripts/setup.sh installs them)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Fresh settings: no recent files, no remembered language, the tour not yet shown.
export XDG_CONFIG_HOME=$work/config CNNWB_NO_TOUR=1

# A tutorial experiment: the seed CNN with crop, flip and color jitter.
experiment=$work/first-experiment.json
data_args=()
[[ -n $data ]] && data_args=(--data "$data")

for n in $(seq 90 140); do [[ -e /tmp/.X11-unix/X$n || -e /tmp/.X$n-lock ]] || { display=$n; break; }; done
[[ -n ${display:-} ]] || { echo "tutorial_screenshots: no free X display" >&2; exit 2; }
Xvfb ":$display" -screen 0 1400x900x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 50); do [[ -e /tmp/.X11-unix/X$display ]] && break; sleep 0.1; done

shot() { # shot OUT SECONDS ARGS...
  local out=$1 wait=$2; shift 2
  DISPLAY=":$display" QT_QPA_PLATFORM=xcb "$app" "${data_args[@]}" "$@" >/dev/null 2>&1 &
  local pid=$!
  sleep "$wait"
  if ! kill -0 "$pid" 2>/dev/null; then echo "tutorial_screenshots: the workbench exited early for $out" >&2; exit 1; fi
  DISPLAY=":$display" import -window root -strip "$out"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$out"
}

for lang in en zh_CN; do
  out=$root/docs/images/tutorial/$lang
  mkdir -p "$out"
  rm -f "$experiment"
  shot "$out/01-model.png" 6 --language "$lang" --page model
  # The tutorial's augmentation, written through the program's own experiment format.
  "$build/bin/cnnwb" preview --help >/dev/null
  python3 - "$experiment" "$root" <<'PY'
import json, sys
model = json.load(open(sys.argv[2] + "/resources/presets/simple_cnn.json"))
json.dump({"version": 1, "model": model, "training": {"epochs": 2, "seed": 0},
           "augmentation": {"random_crop": {"enabled": True, "padding": 4}, "horizontal_flip": {"enabled": True},
                            "color_jitter": {"enabled": True, "brightness": 0.3, "contrast": 0.3,
                                             "saturation": 0.3, "hue": 0.05}}},
          open(sys.argv[1], "w"), indent=2)
PY
  shot "$out/02-data.png" 8 --language "$lang" --page data "$experiment"
  shot "$out/03-training.png" "${TUTORIAL_TRAIN_SECONDS:-45}" --language "$lang" --train "$experiment"
  shot "$out/04-tour.png" 6 --language "$lang" --page model --tour
done
