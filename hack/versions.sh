# Versions of the control-plane tools the tests build; sourced by the hack/ scripts.
K8S_VERSION=v1.37.2
ETCD_VERSION=v3.6.16
KWOK_VERSION=v0.8.0
HELM_VERSION=v3.22.0
KUEUE_VERSION=v0.17.0
NEURALFORGE_CACHE=${NEURALFORGE_CACHE:-$HOME/.cache/neuralforge}
TOOLS_BIN="$NEURALFORGE_CACHE/k8s-$K8S_VERSION-etcd-$ETCD_VERSION-kwok-$KWOK_VERSION-helm-$HELM_VERSION/bin"
# Kueue's controller and its CRDs, built from its Go module (apart: the tools above stay cached).
KUEUE_DIR="$NEURALFORGE_CACHE/kueue-$KUEUE_VERSION"
