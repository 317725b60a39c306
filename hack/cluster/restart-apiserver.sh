#!/usr/bin/env bash
# Restarts the local cluster's API server with the command line it runs with now (for the chaos
# test): SIGTERM, wait for it to go, start it again, wait until /readyz answers. The cluster's
# folder is $1 (the one holding admin.kubeconfig and pids/).
set -euo pipefail
dir=${1:?usage: restart-apiserver.sh CLUSTER_DIR}
source "$(dirname "$0")/processes.sh"
pid=$(recorded_pid kube-apiserver)
if [[ -z "$pid" ]]; then
  echo "restart-apiserver: no running kube-apiserver recorded in $dir/pids" >&2
  exit 1
fi
mapfile -d '' command <"/proc/$pid/cmdline"
stop_recorded kube-apiserver 30 >/dev/null
nohup "${command[@]}" >>"$dir/logs/kube-apiserver.log" 2>&1 &
record_pid kube-apiserver $!
kubectl=$(dirname "${command[0]}")/kubectl
for _ in $(seq 900); do
  if "$kubectl" --kubeconfig "$dir/admin.kubeconfig" get --raw /readyz >/dev/null 2>&1; then
    exit 0
  fi
  sleep 0.1
done
echo "restart-apiserver: the API server did not become ready in 90 s; see $dir/logs" >&2
exit 1
