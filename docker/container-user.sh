# shellcheck shell=bash disable=SC2034 # container_user and image_uid are for the scripts that source this
# Sourced by run-gui.sh and smoke-test.sh: who runs inside the workbench's containers. Never root:
# started by root, the image's user (uid 1000, `student`); otherwise this user, so that what the
# container writes into mounted folders is theirs (rootless Podman maps this user onto the image's user).
# container_user_args ENGINE: sets the array container_user to the `run` options.
image_uid=1000
container_user_args() {
  if (($(id -u) == 0)); then
    container_user=(--user "$image_uid:$image_uid")
  elif [[ $1 == podman ]]; then
    container_user=(--userns "keep-id:uid=$image_uid,gid=$image_uid" --user "$image_uid:$image_uid")
  else
    container_user=(--user "$(id -u):$(id -g)")
  fi
}
