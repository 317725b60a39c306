#!/usr/bin/env bash
# The test cluster's real node: a kubelet, containerd + runc, a CNI bridge and kube-proxy, in a
# network namespace of its own, beside kwok's fake GPU nodes. Called by cluster-up/cluster-down:
#   node.sh net-up      record what the machine has now, make the node's network namespace
#   node.sh up          containerd (with the images of make images), kubelet, kube-proxy
#   node.sh images      (re)build what changed with make images and import it into the runtime
#   node.sh down        stop them, remove every container, mount and cgroup they left
#   node.sh net-down    remove the namespace; restore sysctls and remove folders we created
# Needs root. Reads NEURALFORGE_CLUSTER_DIR's kubeconfigs written by cluster-up.
set -euo pipefail
hack="$(cd "$(dirname "$0")/.." && pwd)"
source "$hack/versions.sh"
source "$hack/cluster/network.sh"
source "$hack/cluster/processes.sh"
dir=${NEURALFORGE_CLUSTER_DIR:-$NEURALFORGE_CACHE/cluster}
node="$dir/node"                              # this start's state: removed by down
record="$dir/machine-before"                  # what the machine was like before net-up
store="$NEURALFORGE_CACHE/node-containerd"    # the image store, kept between starts
socket="$node/containerd/containerd.sock"
ctr=(ctr --address "$socket" --namespace k8s.io)
log() { echo "node: $*" >&2; }

# Paths the kubelet, containerd, runc and the CNI plugins use whatever they are told (and Kueue
# its metrics certificate); the ones that did not exist before net-up are removed by net-down.
fixed_paths=(/var/lib/kubelet /var/log/containers /var/log/pods /run/containerd /run/netns
  /var/lib/cni /etc/cni/net.d /opt/cni /usr/libexec/kubernetes /var/lib/containerd /etc/kubernetes
  /etc/kueue)
cgroup_roots() { find /sys/fs/cgroup -mindepth 1 -maxdepth 1 -type d; }
# sysctls that change on their own: never "restored"
volatile='^(kernel\.random\.|kernel\.core_modes|kernel\.ns_last_pid|fs\.(dentry-state|file-nr|inode-nr|inode-state)|kernel\.pty\.nr|net\.netfilter\.nf_conntrack_count|fs\.quota\.)'

in_node() { nsenter --net="/run/netns/$NODE_NETNS" -- "$@"; }

start() { # name command... : in the node's network namespace, its pid recorded like cluster-up's
  local name=$1
  shift
  nohup nsenter --net="/run/netns/$NODE_NETNS" -- "$@" >"$dir/logs/$name.log" 2>&1 &
  record_pid "$name" $!
}

stop() { stop_recorded "$1" 10 | sed 's/^/node: /' >&2; } # name: the recorded process

fill() { # template -> stdout, @VARS@ replaced
  sed -e "s|@ROOT@|$store|g" -e "s|@STATE@|$node/containerd/state|g" -e "s|@SOCKET@|$socket|g" \
    -e "s|@CNI_CONF@|$node/cni|g" -e "s|@IPAM_DIR@|$node/ipam|g" -e "s|@POD_CIDR@|$POD_CIDR|g" \
    -e "s|@NODE_IP@|$NODE_IP|g" -e "s|@NODE_NAME@|$NODE_NAME|g" -e "s|@ROOT_DIR@|$node/kubelet|g" \
    -e "s|@KUBECONFIG@|$dir/kube-proxy.kubeconfig|g" "$hack/node/$1"
}

net_up() {
  [[ $(id -u) -eq 0 ]] || { log "the real node needs root (network namespace, containerd, kubelet)"; exit 1; }
  "$hack/images/ensure-packages.sh"
  mkdir -p "$record"
  if [[ ! -f "$record/sysctl" ]]; then # the first net-up since the last net-down
    for p in "${fixed_paths[@]}" $(cgroup_roots | sed 's|$|/kubepods|') /run/netns/*; do
      if [[ -e "$p" ]]; then echo "$p"; fi
    done >"$record/paths"
    sysctl -a 2>/dev/null | grep -Ev "$volatile" | sort >"$record/sysctl"
  fi
  ip netns add "$NODE_NETNS"
  ip link add "$HOST_VETH" type veth peer name "$NODE_VETH" netns "$NODE_NETNS"
  ip addr add "$HOST_IP/$NET_PREFIX" dev "$HOST_VETH"
  ip link set "$HOST_VETH" up
  ip -n "$NODE_NETNS" link set lo up
  ip -n "$NODE_NETNS" addr add "$NODE_IP/$NET_PREFIX" dev "$NODE_VETH"
  ip -n "$NODE_NETNS" link set "$NODE_VETH" up
  ip -n "$NODE_NETNS" route add default via "$HOST_IP"
  ip route add "$POD_CIDR" via "$NODE_IP" dev "$HOST_VETH"
  in_node sysctl -qw net.ipv4.ip_forward=1 # the node's own: pods reach the host through it
}

# An image's previous build and every reference to it (the localhost/ name the archive carries, the
# CRI's sha256: id), so that its layers and snapshots go too: else every rebuild of the 5 GB CUDA
# trainer stays in the store. References that name no image any more (left by earlier builds) go
# with it.
remove_build_of() { # name
  local listing digest
  listing=$("${ctr[@]}" images ls)
  digest=$(awk -v ref="docker.io/$1" '$1 == ref {print $3}' <<<"$listing")
  # two passes over the listing: first what the named references point at, then what goes
  awk -v d="$digest" '
    FNR == 1 {next}
    NR == FNR {if ($1 !~ /^sha256:/) named[$3] = 1; next}
    ($3 == d && d != "") || ($1 ~ /^sha256:/ && !($3 in named)) {print $1}
  ' <(echo "$listing") <(echo "$listing") | xargs -r "${ctr[@]}" images rm --sync >/dev/null ||
    log "could not remove the previous build of $1 (it stays in the store)"
}

import_images() { # the pause image and make images' images, when the store lacks that build
  local name archive
  mkdir -p "$store/neuralforge-imported"
  while read -r name archive; do
    local marker="$store/neuralforge-imported/${name//[\/:]/_}"
    if [[ "$(cat "$marker" 2>/dev/null)" != "$(basename "$archive")" ]] ||
      ! "${ctr[@]}" images ls -q | grep -qx "docker.io/$name"; then
      local started=$SECONDS
      remove_build_of "$name"
      "${ctr[@]}" images import --all-platforms "$archive" >/dev/null
      basename "$archive" >"$marker"
      log "imported $name into the node's runtime ($((SECONDS - started)) s)"
    fi
  done < <("$hack/images/pause-image.sh"; "$hack/images.sh")
}

up() {
  rm -rf "$node"
  mkdir -p "$node"/{containerd/state,cni,ipam,kubelet} "$store"
  fill containerd.toml >"$node/containerd.toml"
  fill cni.conflist >"$node/cni/10-neuralforge.conflist"
  fill kubelet.yaml >"$node/kubelet.yaml"
  fill kube-proxy.yaml >"$node/kube-proxy.yaml"

  start containerd containerd --config "$node/containerd.toml"
  for _ in $(seq 100); do "${ctr[@]}" version >/dev/null 2>&1 && break; sleep 0.2; done
  "${ctr[@]}" version >/dev/null || { tail -n 20 "$dir/logs/containerd.log" >&2; exit 1; }
  import_images

  start kubelet "$TOOLS_BIN/kubelet" --config "$node/kubelet.yaml" --root-dir "$node/kubelet" \
    --kubeconfig "$dir/kubelet.kubeconfig" --hostname-override "$NODE_NAME" --node-ip "$NODE_IP" \
    --node-labels "neuralforge.io/real-node=true" --v 1
  start kube-proxy "$TOOLS_BIN/kube-proxy" --config "$node/kube-proxy.yaml"
}

down() {
  stop kube-proxy
  stop kubelet
  if [[ -S "$socket" ]] && "${ctr[@]}" version >/dev/null 2>&1; then
    # every container and sandbox the kubelet left: killed, then deleted with its snapshot
    local id
    for id in $("${ctr[@]}" tasks ls -q 2>/dev/null); do "${ctr[@]}" tasks kill -a -s SIGKILL "$id" >/dev/null 2>&1 || true; done
    for id in $("${ctr[@]}" tasks ls -q 2>/dev/null); do
      for _ in $(seq 50); do "${ctr[@]}" tasks delete -f "$id" >/dev/null 2>&1 && break; sleep 0.1; done
    done
    for id in $("${ctr[@]}" containers ls -q 2>/dev/null); do "${ctr[@]}" containers rm "$id" >/dev/null 2>&1 || true; done
  fi
  stop containerd
  # shims of this containerd outlive it; they are found by its socket, which only they name
  local pid
  for pid in $(pgrep -f "containerd-shim.*-address $socket" || true); do kill -9 "$pid" 2>/dev/null || true; done
  unmount_under "$node" "$store" /run/containerd /run/netns/cni- /var/lib/kubelet
  # the pods' network namespaces (CNI names them cni-...): the runtime's, unless there before
  local ns
  for ns in /run/netns/cni-*; do
    if [[ -e "$ns" ]] && ! grep -qx "$ns" "$record/paths" 2>/dev/null; then rm -f "$ns"; fi
  done
  remove_cgroups
  rm -rf "$node"
}

unmount_under() { # prefixes...: every mount below them, deepest first
  local prefix target
  for prefix in "$@"; do
    awk '{print $2}' /proc/self/mounts | { grep -F "$prefix" || true; } | sort -r | while read -r target; do
      if [[ "$target" == "$prefix"* ]]; then umount -l "$target" 2>/dev/null || true; fi
    done
  done
}

remove_cgroups() { # the kubelet's /kubepods in each hierarchy, where it was not there before
  local root
  for root in $(cgroup_roots); do
    if [[ ! -d "$root/kubepods" ]] || grep -qx "$root/kubepods" "$record/paths" 2>/dev/null; then
      continue
    fi
    find "$root/kubepods" -depth -type d -exec rmdir {} + 2>/dev/null || true
  done
}

net_down() {
  ip netns pids "$NODE_NETNS" 2>/dev/null | xargs -r kill -9 2>/dev/null || true
  ip netns delete "$NODE_NETNS" 2>/dev/null || true
  ip link delete "$HOST_VETH" 2>/dev/null || true # gone with the namespace, unless it half failed
  [[ -f "$record/sysctl" ]] || return 0
  local line key now
  local -A before
  while IFS= read -r line; do before[${line%% = *}]=${line#* = }; done <"$record/sysctl"
  while IFS= read -r line; do
    key=${line%% = *} now=${line#* = }
    [[ -v "before[$key]" && "${before[$key]}" != "$now" ]] || continue
    sysctl -qw "$key=${before[$key]}" 2>/dev/null && log "restored sysctl $key = ${before[$key]} (was $now)"
  done < <(sysctl -a 2>/dev/null | grep -Ev "$volatile")
  local p
  for p in "${fixed_paths[@]}"; do
    if [[ -e "$p" ]] && ! grep -qx "$p" "$record/paths"; then
      unmount_under "$p" # ip netns bind-mounts /run/netns onto itself
      rm -rf "$p"
      log "removed $p (the node made it)"
    fi
  done
  rm -rf "$record"
}

case "${1:-}" in
  net-up) net_up ;;
  up) up ;;
  down) down ;;
  net-down) net_down ;;
  images) import_images ;;
  *) echo "usage: $0 net-up|up|images|down|net-down" >&2; exit 2 ;;
esac
