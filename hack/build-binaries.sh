#!/usr/bin/env bash
# Builds kube-apiserver, kube-controller-manager, kube-scheduler, kubectl, kubelet, kube-proxy,
# etcd, kwok and helm, and Kueue's controller (with its CRDs, into $KUEUE_DIR)
# from Go modules, once per version, into a cache outside the work tree; prints the bin folder.
# A second run finds them there and builds nothing.
set -euo pipefail
hack="$(cd "$(dirname "$0")" && pwd)"
source "$hack/versions.sh"
mkdir -p "$TOOLS_BIN"
tools=(kube-apiserver kube-controller-manager kube-scheduler kubectl kubelet kube-proxy etcd kwok helm)
missing=()
for t in "${tools[@]}"; do [[ -x "$TOOLS_BIN/$t" ]] || missing+=("$t"); done
[[ -x "$KUEUE_DIR/bin/kueue" && -d "$KUEUE_DIR/crds" ]] || missing+=(kueue)
if ((${#missing[@]} == 0)); then
  echo "$TOOLS_BIN"
  exit 0
fi
# Go may be installed without being on PATH (e.g. /usr/local/go in a non-login shell).
command -v go >/dev/null || [[ ! -x /usr/local/go/bin/go ]] || export PATH="/usr/local/go/bin:$PATH"
command -v go >/dev/null || { echo "build-binaries: Go is needed to build ${missing[*]}" >&2; exit 1; }
export CGO_ENABLED=0 GOFLAGS=-trimpath
started=$SECONDS
stage() { echo "build-binaries: $1 ($((SECONDS - started)) s so far)" >&2; }

# Build in a scratch copy so the work tree gets no build outputs.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp -r "$hack/k8s" "$hack/etcd" "$scratch/"

minor=${K8S_VERSION#v1.}; minor=${minor%%.*}
version_flags=""
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  version_flags+=" -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
  version_flags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
done
k8s_cmds=()
for t in kube-apiserver kube-controller-manager kube-scheduler kubectl kubelet kube-proxy; do
  [[ -x "$TOOLS_BIN/$t" ]] || k8s_cmds+=("k8s.io/kubernetes/cmd/$t")
done
if ((${#k8s_cmds[@]})); then
  stage "building Kubernetes $K8S_VERSION: ${k8s_cmds[*]##*/}"
  (cd "$scratch/k8s" && go build -ldflags "-s -w $version_flags" -o "$TOOLS_BIN/" "${k8s_cmds[@]}")
fi
if [[ ! -x "$TOOLS_BIN/etcd" ]]; then
  stage "building etcd $ETCD_VERSION"
  (cd "$scratch/etcd" && go build -ldflags "-s -w" -o "$TOOLS_BIN/etcd" go.etcd.io/etcd/server/v3)
fi
if [[ ! -x "$TOOLS_BIN/kwok" ]]; then
  stage "building kwok $KWOK_VERSION"
  GOBIN="$TOOLS_BIN" go install -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION"
fi
if [[ ! -x "$TOOLS_BIN/helm" ]]; then
  stage "building helm $HELM_VERSION"
  GOBIN="$TOOLS_BIN" go install \
    -ldflags "-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION" "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
fi
if [[ ! -x "$KUEUE_DIR/bin/kueue" || ! -d "$KUEUE_DIR/crds" ]]; then
  stage "building Kueue $KUEUE_VERSION"
  GOBIN="$KUEUE_DIR/bin" go install -ldflags "-s -w" "sigs.k8s.io/kueue/cmd/kueue@$KUEUE_VERSION"
  source_dir=$(go mod download -json "sigs.k8s.io/kueue@$KUEUE_VERSION" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
  rm -rf "$KUEUE_DIR/crds.new" && mkdir -p "$KUEUE_DIR/crds.new"
  cp "$source_dir"/config/components/crd/bases/*.yaml "$KUEUE_DIR/crds.new/"
  mv "$KUEUE_DIR/crds.new" "$KUEUE_DIR/crds"
fi
stage "done"
echo "$TOOLS_BIN"
