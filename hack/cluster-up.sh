#!/usr/bin/env bash
# make cluster-up: a real Kubernetes control plane (etcd, kube-apiserver, kube-controller-manager,
# kube-scheduler) with one real node, real-0 (kubelet, containerd, runc, CNI, kube-proxy, running
# the images of make images: CPU work lands there), beside kwok's fake nodes: 4 x T4, 1 x A10G, and
# a CPU node that only pods tolerating its taint use; and Kueue's controller. Needs root. Ends by printing two lines to eval:
#   export KUBECONFIG=...   and   export PATH=<kubectl and helm>:$PATH
# Run again while it is up: it rebuilds and imports images whose sources changed and prints them
# again. Everything lives under
# $NEURALFORGE_CLUSTER_DIR (default ~/.cache/neuralforge/cluster); make cluster-down stops it.
set -euo pipefail
hack="$(cd "$(dirname "$0")" && pwd)"
source "$hack/versions.sh"
source "$hack/cluster/network.sh"
source "$hack/cluster/processes.sh"
dir=${NEURALFORGE_CLUSTER_DIR:-$NEURALFORGE_CACHE/cluster}
# Below the kernel's ephemeral range (32768-60999): an outgoing connection never holds one of ours.
base=${NEURALFORGE_PORT_BASE:-26400}
etcd_port=$((base + 0)) etcd_peer_port=$((base + 1)) api_port=$((base + 2))
cm_port=$((base + 3)) sched_port=$((base + 4)) kwok_port=$((base + 5))
kueue_metrics_port=$((base + 6)) kueue_health_port=$((base + 7)) kueue_webhook_port=$((base + 8))
kubeconfig="$dir/admin.kubeconfig"

print_exports() {
  echo "export KUBECONFIG=$kubeconfig"
  echo "export PATH=$TOOLS_BIN:\$PATH"
}
# A comment for the tests' harness (eval ignores it): it stops only a cluster it started.
started_marker() { echo "# cluster-up: started"; }
log() { echo "cluster-up: $*" >&2; }
alive() { [[ -n "$(recorded_pid "$1")" ]]; }

if alive kube-apiserver && "$TOOLS_BIN/kubectl" --kubeconfig "$kubeconfig" get --raw /readyz >/dev/null 2>&1; then
  "$hack/node/node.sh" images # the images of this tree, should it have changed since
  print_exports
  exit 0
fi
if [[ -d "$dir/pids" ]] && ls "$dir/pids"/* >/dev/null 2>&1; then
  log "a previous cluster is half up; stopping it first"
  "$hack/cluster-down.sh" >&2
fi

started=$SECONDS
"$hack/build-binaries.sh" >/dev/null
"$hack/images.sh" >/dev/null # before the clock of anything started here runs
log "binaries ready in $TOOLS_BIN ($((SECONDS - started)) s)"
mkdir -p "$dir"/{pki,pids,logs}
rm -rf "$dir/etcd-data"
"$hack/node/node.sh" net-up # the API server listens on the host end of the node's network

# --- certificates and credentials -------------------------------------------------------
pki="$dir/pki"
# the API server's names: as the tests reach it, and as pods do (the `kubernetes` Service)
san="subjectAltName=IP:127.0.0.1,IP:$HOST_IP,IP:$SERVICE_IP,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default"
san+=",DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
if [[ ! -f "$pki/ca.crt" || "$(head -1 "$pki/san.ext" 2>/dev/null)" != "$san" ]]; then
  rm -f "$pki"/*
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=neuralforge-test-ca" \
    -keyout "$pki/ca.key" -out "$pki/ca.crt" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=kube-apiserver" \
    -keyout "$pki/apiserver.key" -out "$pki/apiserver.csr" 2>/dev/null
  printf '%s\nextendedKeyUsage=serverAuth\n' "$san" > "$pki/san.ext"
  openssl x509 -req -in "$pki/apiserver.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" -CAcreateserial \
    -days 3650 -extfile "$pki/san.ext" -out "$pki/apiserver.crt" 2>/dev/null
  openssl genrsa -out "$pki/sa.key" 2048 2>/dev/null
  openssl rsa -in "$pki/sa.key" -pubout -out "$pki/sa.pub" 2>/dev/null
  {
    echo "$(openssl rand -hex 24),admin,admin,system:masters"
    echo "$(openssl rand -hex 24),system:kube-controller-manager,kube-controller-manager"
    echo "$(openssl rand -hex 24),system:kube-scheduler,kube-scheduler"
    echo "$(openssl rand -hex 24),kwok,kwok,system:masters"
    echo "$(openssl rand -hex 24),system:node:$NODE_NAME,system:node:$NODE_NAME,system:nodes"
    echo "$(openssl rand -hex 24),system:kube-proxy,system:kube-proxy"
  } > "$pki/tokens.csv"
  chmod 600 "$pki"/*.key "$pki/tokens.csv"
fi

write_kubeconfig() { # file user
  local token
  token=$(awk -F, -v u="$2" '$2 == u {print $1}' "$pki/tokens.csv")
  cat > "$1" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
- name: neuralforge-test
  cluster:
    server: https://$HOST_IP:$api_port
    certificate-authority: $pki/ca.crt
users:
- name: $2
  user:
    token: $token
contexts:
- name: neuralforge-test
  context: {cluster: neuralforge-test, user: $2}
current-context: neuralforge-test
KUBECONFIG
  chmod 600 "$1"
}
write_kubeconfig "$kubeconfig" admin
write_kubeconfig "$dir/controller-manager.kubeconfig" system:kube-controller-manager
write_kubeconfig "$dir/scheduler.kubeconfig" system:kube-scheduler
write_kubeconfig "$dir/kwok.kubeconfig" kwok
write_kubeconfig "$dir/kubelet.kubeconfig" "system:node:$NODE_NAME"
write_kubeconfig "$dir/kube-proxy.kubeconfig" system:kube-proxy

start() { # name args...
  local name=$1
  shift
  nohup "$TOOLS_BIN/$name" "$@" >"$dir/logs/$name.log" 2>&1 &
  record_pid "$name" $!
}
wait_for() { # what seconds command...
  local what=$1 limit=$2
  local deadline=$((SECONDS + limit))
  shift 2
  while ((SECONDS < deadline)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  log "$what did not become ready in ${limit}s; see $dir/logs"
  tail -n 20 "$dir/logs/"*.log >&2 || true
  "$hack/cluster-down.sh" >&2 || true
  exit 1
}

# --- etcd, then the API server --------------------------------------------------------------
start etcd --name neuralforge-test --data-dir "$dir/etcd-data" \
  --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
  --listen-peer-urls "http://127.0.0.1:$etcd_peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$etcd_peer_port" \
  --initial-cluster "neuralforge-test=http://127.0.0.1:$etcd_peer_port" --unsafe-no-fsync --log-level warn
wait_for etcd 30 curl -sf "http://127.0.0.1:$etcd_port/health"

start kube-apiserver --etcd-servers "http://127.0.0.1:$etcd_port" \
  --bind-address "$HOST_IP" --advertise-address "$HOST_IP" --secure-port "$api_port" \
  --tls-cert-file "$pki/apiserver.crt" --tls-private-key-file "$pki/apiserver.key" \
  --client-ca-file "$pki/ca.crt" --token-auth-file "$pki/tokens.csv" \
  --authorization-mode Node,RBAC \
  --service-account-issuer https://kubernetes.default.svc.cluster.local \
  --service-account-key-file "$pki/sa.pub" --service-account-signing-key-file "$pki/sa.key" \
  --service-cluster-ip-range "$SERVICE_CIDR" --allow-privileged=true \
  --kubelet-preferred-address-types InternalIP,Hostname --enable-priority-and-fairness=false \
  --storage-media-type application/json
wait_for kube-apiserver 90 "$TOOLS_BIN/kubectl" --kubeconfig "$kubeconfig" get --raw /readyz
log "API server ready on https://$HOST_IP:$api_port ($((SECONDS - started)) s)"

# --- controller-manager, scheduler, kwok ------------------------------------------------------
start kube-controller-manager --kubeconfig "$dir/controller-manager.kubeconfig" \
  --authentication-kubeconfig "$dir/controller-manager.kubeconfig" \
  --authorization-kubeconfig "$dir/controller-manager.kubeconfig" \
  --bind-address 127.0.0.1 --secure-port "$cm_port" --leader-elect=false \
  --root-ca-file "$pki/ca.crt" --service-account-private-key-file "$pki/sa.key" \
  --cluster-signing-cert-file "$pki/ca.crt" --cluster-signing-key-file "$pki/ca.key" \
  --use-service-account-credentials=true --controllers '*'
start kube-scheduler --kubeconfig "$dir/scheduler.kubeconfig" \
  --authentication-kubeconfig "$dir/scheduler.kubeconfig" \
  --authorization-kubeconfig "$dir/scheduler.kubeconfig" \
  --bind-address 127.0.0.1 --secure-port "$sched_port" --leader-elect=false
start kwok --kubeconfig "$dir/kwok.kubeconfig" \
  --manage-nodes-with-annotation-selector kwok.x-k8s.io/node=fake --cidr 10.244.0.0/16 \
  --config "$hack/cluster/kwok-stages.yaml" --server-address "127.0.0.1:$kwok_port"
wait_for kube-controller-manager 60 curl -skf "https://127.0.0.1:$cm_port/healthz"
wait_for kube-scheduler 60 curl -skf "https://127.0.0.1:$sched_port/healthz"

kubectl=("$TOOLS_BIN/kubectl" --kubeconfig "$kubeconfig")
"${kubectl[@]}" apply -f "$hack/cluster/nodes.yaml" >/dev/null

# --- Kueue: its CRDs and its controller (its webhooks are not registered: the API server never
# calls them, and Kueue's Job integration works on Jobs created suspended, as the operator does)
"${kubectl[@]}" apply --server-side -f "$KUEUE_DIR/crds" >/dev/null
"${kubectl[@]}" wait --for condition=established --timeout=60s -f "$KUEUE_DIR/crds" >/dev/null
"${kubectl[@]}" create namespace kueue-system --dry-run=client -o yaml | "${kubectl[@]}" apply -f - >/dev/null
mkdir -p "$dir/kueue-certs" /etc/kueue/metrics/certs # Kueue reads its metrics certificate there only
[[ -f "$dir/kueue-certs/tls.crt" ]] || openssl req -x509 -newkey rsa:2048 -nodes -days 3650 \
  -subj "/CN=kueue" -keyout "$dir/kueue-certs/tls.key" -out "$dir/kueue-certs/tls.crt" 2>/dev/null
cp "$dir/kueue-certs/tls.crt" "$dir/kueue-certs/tls.key" /etc/kueue/metrics/certs/
sed -e "s|@METRICS@|127.0.0.1:$kueue_metrics_port|" -e "s|@HEALTH@|127.0.0.1:$kueue_health_port|" \
  -e "s|@WEBHOOK_PORT@|$kueue_webhook_port|" -e "s|@CERTS@|$dir/kueue-certs|" \
  "$hack/cluster/kueue-config.yaml" >"$dir/kueue-config.yaml"
nohup "$KUEUE_DIR/bin/kueue" --config "$dir/kueue-config.yaml" --kubeconfig "$kubeconfig" \
  >"$dir/logs/kueue.log" 2>&1 &
record_pid kueue $!
wait_for kueue 60 curl -sf "http://127.0.0.1:$kueue_health_port/readyz"
wait_for "the default ServiceAccount" 60 "${kubectl[@]}" -n default get serviceaccount default
wait_for "the fake nodes" 60 "${kubectl[@]}" wait --for=condition=Ready node --all --timeout=1s
"$hack/node/node.sh" up
wait_for "the real node $NODE_NAME" 120 "${kubectl[@]}" wait --for=condition=Ready "node/$NODE_NAME" --timeout=1s
log "control plane up with $("${kubectl[@]}" get nodes --no-headers | wc -l) nodes ($((SECONDS - started)) s)"
print_exports
started_marker
