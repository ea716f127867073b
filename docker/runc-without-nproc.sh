#!/bin/sh
# An OCI runtime for the container tests and docker/smoke-test.sh: runc, with the RLIMIT_NPROC limit
# taken out of what it is asked to apply: the bundle's config.json (create, run) and the --process file (exec). On some
# sandboxed kernels (these VMs among them) runc's prlimit(RLIMIT_NPROC) on the container's process fails
# with EPERM even at the host's own value, and podman always asks for one; the container then simply
# keeps the host's limit. Used only when plain podman cannot start a container.
bundle=""
process_file=""
previous=""
for argument in "$@"; do
  case $previous in
    --bundle | -b) bundle=$argument ;;
    --process | -p) process_file=$argument ;;
  esac
  case $argument in
    --bundle=*) bundle=${argument#--bundle=} ;;
    --process=*) process_file=${argument#--process=} ;;
  esac
  previous=$argument
done

# $1: a JSON file; $2: "config" (an OCI config, the limits under "process") or "process" (a process spec).
drop_nproc() {
  python3 - "$1" "$2" <<'PY'
import json, sys
path, kind = sys.argv[1], sys.argv[2]
with open(path) as f:
    document = json.load(f)
process = document.get("process", {}) if kind == "config" else document
process["rlimits"] = [r for r in process.get("rlimits", []) if r.get("type") != "RLIMIT_NPROC"]
with open(path, "w") as f:
    json.dump(document, f)
PY
}

if [ -n "$bundle" ] && [ -f "$bundle/config.json" ]; then
  drop_nproc "$bundle/config.json" config || exit 1
fi
if [ -n "$process_file" ] && [ -f "$process_file" ]; then
  drop_nproc "$process_file" process || exit 1
fi
exec runc "$@"
