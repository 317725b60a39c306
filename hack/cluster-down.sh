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
source "$hack/cluster/processes.sh"
for name in kueue kwok kube-scheduler kube-controller-manager kube-apiserver etcd; do
  stop_recorded "$name" | sed 's/^/cluster-down: /'
done
rm -rf "$dir/etcd-data" "$dir/volumes"
"$hack/node/node.sh" net-down
