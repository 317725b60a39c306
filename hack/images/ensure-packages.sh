#!/usr/bin/env bash
# Installs the Debian packages that build images and run the test cluster's real node, when
# missing: buildah and mmdebstrap (images), containerd, runc and the CNI plugins (the node),
# iptables and conntrack (kube-proxy), gcc's static libc (the pause image).
set -euo pipefail
packages=(buildah mmdebstrap containerd runc containernetworking-plugins iptables conntrack libc6-dev gcc)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
((${#missing[@]})) || exit 0
[[ $(id -u) -eq 0 ]] || { echo "ensure-packages: root is needed to install ${missing[*]}" >&2; exit 1; }
echo "ensure-packages: installing ${missing[*]}" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
