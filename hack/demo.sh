#!/usr/bin/env bash
# make demo: validates every example architecture, trains the digits MLP on this machine, then runs
# a short Fashion-MNIST TrainingRun through the operator on a local control plane.
set -euo pipefail
cd "$(dirname "$0")/.."
examples=(examples/architectures/*.yaml)
echo "bin/neuralforge validate --summary: ${#examples[@]} example architectures"
echo
for f in "${examples[@]}"; do cat "$f"; echo "---"; done | bin/neuralforge validate --summary -

# Train the digits MLP, then one epoch of LeNet-BN on Fashion-MNIST, on this machine's CPU.
accuracy() { # reads the train output, prints the accuracy from its last line (the status)
  python3 -c '
import json, sys
m = json.loads(sys.stdin.read().strip().splitlines()[-1])["metrics"]
text = "validation accuracy %.4f" % m["validationAccuracy"]
if "testAccuracy" in m:
    text += ", test accuracy %.4f" % m["testAccuracy"]
print(text + ", %d samples/s" % m["samplesPerSecond"])'
}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo
echo "bin/neuralforge train: digits-mlp (examples/trainingruns/digits-mlp.yaml)"
bin/neuralforge train -f examples/trainingruns/digits-mlp.yaml --architecture examples/architectures/mlp-digits.yaml \
  --output "$out/digits" 2>/dev/null | accuracy

# The same run through the operator: a local control plane (kwok plays the GPU nodes' kubelets),
# the operator, the Architecture and a one-epoch TrainingRun. The scheduler places the trainer pod
# on the T4 node; `neuralforge run-pod` then plays that node's kubelet here, on the CPU.
echo
echo "the operator: Fashion-MNIST on a local control plane"
started=false
if [[ -z "${KUBECONFIG:-}" ]] || ! hack/cluster-status.sh >/dev/null 2>&1; then
  eval "$(hack/cluster-up.sh)"
  started=true
fi
export PATH="$(hack/build-binaries.sh):$PATH"
cleanup() {
  [[ -n "${operator_pid:-}" ]] && kill "$operator_pid" 2>/dev/null || true
  $started && hack/cluster-down.sh >/dev/null 2>&1 || true
  rm -rf "$out"
}
trap cleanup EXIT
kubectl apply --server-side --force-conflicts -f crds/ >/dev/null
kubectl wait --for=condition=Established -f crds/ --timeout=60s >/dev/null
# runs keep their output on a claim (the operator's default output), where the export finds it
echo 'defaultOutput: {pvc: {claimName: models}}' >"$out/operator.yaml"
NEURALFORGE_OPERATOR_CONFIG="$out/operator.yaml" \
  java -cp "operator/target/neuralforge-operator.jar:operator/target/lib/*" io.neuralforge.operator.OperatorMain \
  >"$out/operator.log" 2>&1 &
operator_pid=$!
ns=neuralforge-demo
kubectl delete namespace "$ns" --ignore-not-found --wait=true >/dev/null
kubectl create namespace "$ns" >/dev/null
kubectl label namespace "$ns" pod-security.kubernetes.io/enforce=restricted >/dev/null
kubectl delete pv "$ns-models" --ignore-not-found >/dev/null
kubectl apply -f - >/dev/null <<YAML
apiVersion: v1
kind: PersistentVolume
metadata: {name: $ns-models}
spec:
  capacity: {storage: 1Gi}
  accessModes: [ReadWriteOnce]
  storageClassName: manual
  persistentVolumeReclaimPolicy: Retain
  hostPath: {path: /srv/$ns-models}
  claimRef: {namespace: $ns, name: models}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: models, namespace: $ns}
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: manual
  volumeName: $ns-models
  resources: {requests: {storage: 1Gi}}
YAML
kubectl apply -n "$ns" -f examples/architectures/lenet-bn.yaml
kubectl wait -n "$ns" arch/lenet-bn --for=jsonpath='{.status.phase}'=Valid --timeout=120s >/dev/null
{
  sed 's/epochs: 10/epochs: 1/' examples/trainingruns/fashion-mnist-lenet.yaml
  echo '  pod:'
  echo '    annotations: {neuralforge.io/kwok-outcome: run}   # kwok: leave the container to run-pod'
} | kubectl apply -n "$ns" -f -
# waits for the Running pod with label $1 and plays its node's kubelet here
run_pod() {
  local pod=""
  for _ in $(seq 120); do # the pod appears once the operator has made its Job
    pod=$(kubectl get -n "$ns" pod -l "$1" -o jsonpath='{.items[?(@.status.phase=="Running")].metadata.name}')
    [[ -n "$pod" ]] && break
    sleep 1
  done
  if [[ -z "$pod" ]]; then
    echo "demo: no Running pod with label $1" >&2
    kubectl describe -n "$ns" tr,mexp >&2
    exit 1
  fi
  echo "pod $pod on node $(kubectl get -n "$ns" pod "$pod" -o jsonpath='{.spec.nodeName}'); running it here:"
  bin/neuralforge run-pod -n "$ns" --claims "$out/claims" "$pod" 2>&1 | grep -E '^epoch [0-9]+ done|exited' || true
}
run_pod neuralforge.io/training-run=lenet-fmnist
kubectl wait -n "$ns" tr/lenet-fmnist --for=jsonpath='{.status.phase}'=Succeeded --timeout=120s >/dev/null

{
  cat examples/modelexports/fashion-mnist-lenet-onnx.yaml
  echo '  pod:'
  echo '    annotations: {neuralforge.io/kwok-outcome: run}   # kwok: leave the container to run-pod'
} | kubectl apply -n "$ns" -f -
run_pod neuralforge.io/model-export=lenet-fmnist-onnx
kubectl wait -n "$ns" mexp/lenet-fmnist-onnx --for=jsonpath='{.status.phase}'=Succeeded --timeout=120s >/dev/null
echo
kubectl get -n "$ns" arch,tr,mexp
echo
echo "the operator's /metrics (excerpt):"
curl -sf "http://127.0.0.1:${NEURALFORGE_METRICS_PORT:-8080}/metrics" |
  grep -E '^neuralforge_(trainingruns|model_export_validations_total|gpu_hours_total|reconciliations_total)' || true
