#!/usr/bin/env bash
# Runs the workbench from its GPU container with the window on this X display (docs/docker.md).
#   docker/run-gui.sh [--gpus auto|all|K|none] [--engine docker|podman] [--image TAG] [--workdir DIR]
#                     [--data DIR] [--settings DIR] [--dry-run] [-- ARGS FOR cnn-workbench]
#   --gpus      all GPUs, only GPU K (or K,L,...), or none; auto (default): all where this machine has an
#               NVIDIA GPU, else none
#   --engine    docker or podman (default: $CNNWB_CONTAINER_ENGINE, else docker where installed, else podman)
#   --workdir   host folder for runs, logs and downloaded data (default ~/cnn-workbench): survives the container
#   --data      a dataset folder to use as the workbench's data folder (default: WORKDIR/data)
#   --settings  host folder for the workbench's settings (default ~/.config/cnn-workbench-docker)
# Works on a local display (:0) and over `ssh -X` to the GPU server (DISPLAY=localhost:10.0): the container
# gets a cookie file for this display only, never `xhost +`. Nothing in the container runs as root.
# CNNWB_CONTAINER_OPTIONS: more options for `run`, split at spaces (e.g. --runtime runc).
set -euo pipefail

gpus=auto
engine=${CNNWB_CONTAINER_ENGINE:-}
image=${CNNWB_IMAGE:-cnn-workbench:gui}
workdir=$HOME/cnn-workbench
data=""
settings=$HOME/.config/cnn-workbench-docker
dry_run=0
app_args=()
# shellcheck source-path=SCRIPTDIR source=container-user.sh
source "$(dirname "$0")/container-user.sh"

die() { echo "run-gui.sh: $*" >&2; exit 2; }
note() { echo "run-gui.sh: $*" >&2; }
while (($#)); do
  case $1 in
    --gpus) gpus=${2:?--gpus needs auto, all, a GPU number or none}; shift 2 ;;
    --engine) engine=${2:?--engine needs docker or podman}; shift 2 ;;
    --image) image=${2:?}; shift 2 ;;
    --workdir) workdir=${2:?}; shift 2 ;;
    --data) data=${2:?}; shift 2 ;;
    --settings) settings=${2:?}; shift 2 ;;
    --dry-run) dry_run=1; shift ;;
    --) shift; app_args=("$@"); break ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done

[[ -n ${DISPLAY:-} ]] || die "DISPLAY is not set: run this in a desktop session, or log in with ssh -X"
command -v xauth >/dev/null || die "xauth is needed to hand the container this display's cookie (apt install xauth)"
if [[ -z $engine ]]; then
  if command -v docker >/dev/null; then engine=docker
  elif command -v podman >/dev/null; then engine=podman
  else die "neither docker nor podman is installed"
  fi
fi
case $engine in
  docker | podman) command -v "$engine" >/dev/null || die "$engine is not installed" ;;
  *) die "--engine takes docker or podman, not '$engine'" ;;
esac

# The display's cookie, with its host part replaced by the wildcard family (ffff) so that it matches
# whatever host name the container has; in a file only this user can read.
cookie_dir=${XDG_RUNTIME_DIR:-/tmp}/cnn-workbench-$(id -u)
mkdir -p "$cookie_dir" && chmod 700 "$cookie_dir"
xauth_file=$cookie_dir/xauthority
: >"$xauth_file"
chmod 600 "$xauth_file"
xauth nlist "$DISPLAY" 2>/dev/null | sed -e 's/^..../ffff/' | xauth -f "$xauth_file" nmerge - 2>/dev/null || true
[[ -s $xauth_file ]] || note "no X cookie found for $DISPLAY; the display must then accept the container without one"

x11=()
case $DISPLAY in
  :* | unix:*) x11=(-v /tmp/.X11-unix:/tmp/.X11-unix:ro) ;;  # local display: its Unix socket
  *) x11=(--net=host) ;;  # ssh -X: a TCP port on the host's loopback (localhost:60NN), reachable with the host's network
esac

# GPUs: Docker takes --gpus (NVIDIA Container Toolkit); Podman takes CDI devices, which need the
# toolkit's generated spec.
if [[ $gpus == auto ]]; then
  gpus=none
  [[ -e /dev/nvidiactl ]] && gpus=all
fi
case $gpus in
  none | all) ;;
  *[!0-9,]* | "") die "--gpus takes auto, all, none or GPU numbers (e.g. 1 or 0,1), not '$gpus'" ;;
esac
gpu_args=()
if [[ $gpus != none && $engine == docker ]]; then
  gpu_args=(--gpus "device=$gpus")
  [[ $gpus == all ]] && gpu_args=(--gpus all)
elif [[ $gpus != none ]]; then
  spec=""
  for dir in ${CNNWB_CDI_SPEC_DIRS:-/etc/cdi /var/run/cdi}; do
    for file in "$dir"/nvidia*.yaml "$dir"/nvidia*.json; do [[ -f $file ]] && spec=$file; done
  done
  [[ -n $spec ]] || die "podman gives a container GPUs through CDI, and no NVIDIA CDI spec is here:" \
    "sudo nvidia-ctk cdi generate --output=/etc/cdi/nvidia.yaml (or --gpus none)"
  IFS=, read -ra ids <<<"$gpus"
  for id in "${ids[@]}"; do gpu_args+=(--device "nvidia.com/gpu=$id"); done
fi

# Folders for the container's user: as root, new ones are handed to the image's user.
mkdir_for_container() {
  local dir
  for dir in "$@"; do
    if [[ ! -d $dir ]]; then
      mkdir -p "$dir"
      (($(id -u) == 0)) && chown "$image_uid:$image_uid" "$dir"
    elif (($(id -u) == 0)) && [[ $(stat -c %u "$dir") != "$image_uid" ]]; then
      note "$dir must be writable by uid $image_uid, the container's user"
    fi
  done
}
container_user_args "$engine"
# As root the container's user is the image's: it must read the cookie; nobody else can.
(($(id -u) == 0)) && chown "$image_uid:$image_uid" "$xauth_file"

mkdir_for_container "$workdir" "$settings"
home=/home/student
volumes=(-v "$workdir:$home/.local/share/cnn-workbench" -v "$settings:$home/.config")
[[ -n $data ]] && volumes+=(-v "$(cd "$data" && pwd):$home/.local/share/cnn-workbench/data")

tty=()
[[ -t 0 && -t 1 ]] && tty=(-it)
read -ra extra <<<"${CNNWB_CONTAINER_OPTIONS:-}"

cmd=("$engine" run --rm "${tty[@]}" "${extra[@]}" "${gpu_args[@]}" "${x11[@]}" "${container_user[@]}"
  -e "HOME=$home" -e XDG_CACHE_HOME=/tmp/cache
  -e DISPLAY="$DISPLAY" -e XAUTHORITY=/tmp/.docker.xauth -v "$xauth_file:/tmp/.docker.xauth:ro"
  -e QT_XCB_NO_MITSHM=1 --ipc=private
  "${volumes[@]}" "$image" "${app_args[@]}")
if ((dry_run)); then
  printf '%q ' "${cmd[@]}"; echo
else
  exec "${cmd[@]}"
fi
