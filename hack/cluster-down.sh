#!/usr/bin/env bash
# make cluster-down: stops exactly the processes cluster-up recorded, newest first, removes the
# etcd data, and leaves the machine as cluster-up found it: the real node's containers, mounts,
# cgroups, network namespace, sysctls and folders go (hack/node/node.sh). Certificates, logs and
# the node's image store stay for the next start and for reading.
set -euo pipefail
hack="$(cd "$(dirname "$0")" && pwd)"
source "$hack/versions.sh"
dir=${NEURALFORGE_CLUSTER_DIR:-$NEURALFORGE_CACHE/cluster}
"$hack/node/node.sh" down
for name in kwok kube-scheduler kube-controller-manager kube-apiserver etcd; do
  pidfile="$dir/pids/$name"
  [[ -f "$pidfile" ]] || continue
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    echo "cluster-down: stopped $name ($pid)"
  fi
  rm -f "$pidfile"
done
rm -rf "$dir/etcd-data" "$dir/volumes"
"$hack/node/node.sh" net-down
