#!/usr/bin/env bash
# Runs the workbench from its GPU container with the window on this X display (docs/docker.md).
#   docker/run-gui.sh [--gpus all|K|none] [--image TAG] [--workdir DIR] [--data DIR] [--settings DIR]
#                     [--dry-run] [-- ARGS FOR cnn-workbench]
#   --gpus      all GPUs (default), only GPU K (docker's --gpus device=K), or none
#   --workdir   host folder for runs, logs and downloaded data (default ~/cnn-workbench): survives the container
#   --data      a dataset folder to use as the workbench's data folder (default: WORKDIR/data)
#   --settings  host folder for the workbench's settings (default ~/.config/cnn-workbench-docker)
# Works on a local display (:0) and over `ssh -X` to the GPU server (DISPLAY=localhost:10.0): the container
# gets a cookie file for this display only, never `xhost +`.
set -euo pipefail

gpus=all
image=${CNNWB_IMAGE:-cnn-workbench:gui}
workdir=$HOME/cnn-workbench
data=""
settings=$HOME/.config/cnn-workbench-docker
dry_run=0
app_args=()

die() { echo "run-gui.sh: $*" >&2; exit 2; }
while (($#)); do
  case $1 in
    --gpus) gpus=${2:?--gpus needs all, a GPU number or none}; shift 2 ;;
    --image) image=${2:?}; shift 2 ;;
    --workdir) workdir=${2:?}; shift 2 ;;
    --data) data=${2:?}; shift 2 ;;
    --settings) settings=${2:?}; shift 2 ;;
    --dry-run) dry_run=1; shift ;;
    --) shift; app_args=("$@"); break ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done

[[ -n ${DISPLAY:-} ]] || die "DISPLAY is not set: run this in a desktop session, or log in with ssh -X"
command -v xauth >/dev/null || die "xauth is needed to hand the container this display's cookie (apt install xauth)"
command -v docker >/dev/null || die "docker is not installed"

# The display's cookie, with its host part replaced by the wildcard family (ffff) so that it matches
# whatever host name the container has; in a file only this user can read.
cookie_dir=${XDG_RUNTIME_DIR:-/tmp}/cnn-workbench-$(id -u)
mkdir -p "$cookie_dir" && chmod 700 "$cookie_dir"
xauth_file=$cookie_dir/xauthority
: >"$xauth_file"
chmod 600 "$xauth_file"
xauth nlist "$DISPLAY" 2>/dev/null | sed -e 's/^..../ffff/' | xauth -f "$xauth_file" nmerge - 2>/dev/null || true
[[ -s $xauth_file ]] || echo "run-gui.sh: note: no X cookie found for $DISPLAY; the display must then accept the container without one" >&2

x11=()
case $DISPLAY in
  :* | unix:*) x11=(-v /tmp/.X11-unix:/tmp/.X11-unix:ro) ;;  # local display: its Unix socket
  *) x11=(--net=host) ;;  # ssh -X: a TCP port on the host's loopback (localhost:60NN), reachable with the host's network
esac

gpu_args=()
case $gpus in
  all) gpu_args=(--gpus all) ;;
  none) ;;
  *[!0-9,]* | "") die "--gpus takes all, none or GPU numbers (e.g. 1 or 0,1), not '$gpus'" ;;
  *) gpu_args=(--gpus "device=$gpus") ;;
esac

mkdir -p "$workdir" "$settings"
home=/home/student
volumes=(-v "$workdir:$home/.local/share/cnn-workbench" -v "$settings:$home/.config")
[[ -n $data ]] && volumes+=(-v "$(cd "$data" && pwd):$home/.local/share/cnn-workbench/data")

tty=()
[[ -t 0 && -t 1 ]] && tty=(-it)

cmd=(docker run --rm "${tty[@]}" "${gpu_args[@]}" "${x11[@]}"
  --user "$(id -u):$(id -g)" -e "HOME=$home" -e XDG_CACHE_HOME=/tmp/cache
  -e DISPLAY="$DISPLAY" -e XAUTHORITY=/tmp/.docker.xauth -v "$xauth_file:/tmp/.docker.xauth:ro"
  -e QT_XCB_NO_MITSHM=1 --ipc=private
  "${volumes[@]}" "$image" "${app_args[@]}")
if ((dry_run)); then
  printf '%q ' "${cmd[@]}"; echo
else
  exec "${cmd[@]}"
fi
