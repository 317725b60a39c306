#!/usr/bin/env bash
# make demo: validates every example architecture, draws LeNet and previews Fashion-MNIST, trains
# the digits MLP on this machine, then installs the operator with Helm on the local test cluster and
# trains Fashion-MNIST through it in a container on the cluster's real node, and exports the model to
# ONNX; the pictures (the network, the data, the run's curves and confusion matrix) are kept in
# target/demo-pictures. Nothing plays a kubelet.
set -euo pipefail
cd "$(dirname "$0")/.."
examples=(examples/architectures/*.yaml)
echo "bin/neuralforge validate --summary: ${#examples[@]} example architectures"
echo
for f in "${examples[@]}"; do cat "$f"; echo "---"; done | bin/neuralforge validate --summary -

# The pictures: the network drawn, and the data as training is fed it.
pictures="$PWD/target/demo-pictures"
rm -rf "$pictures" && mkdir -p "$pictures"
echo
echo "bin/neuralforge draw and dataset preview: the network and the data, in $pictures"
bin/neuralforge draw examples/architectures/lenet-bn.yaml -o "$pictures/lenet-bn.svg"
bin/neuralforge draw examples/architectures/lenet-bn.yaml -o "$pictures/lenet-bn.png"
bin/neuralforge dataset preview -f examples/trainingruns/fashion-mnist-lenet.yaml \
  -o "$pictures/fashion-mnist-preview.png"

# Train the digits MLP on this machine's CPU, with no cluster.
accuracy() { python3 hack/py/run_summary.py; } # the accuracy from the train output's last line
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo
echo "bin/neuralforge train: digits-mlp (examples/trainingruns/digits-mlp.yaml)"
bin/neuralforge train -f examples/trainingruns/digits-mlp.yaml --architecture examples/architectures/mlp-digits.yaml \
  --output "$out/digits" 2>/dev/null | accuracy

# The operator as users install it, on the local test cluster: one real node (real-0: kubelet,
# containerd) where CPU work runs in containers, and GPU nodes that kwok simulates.
echo
echo "the operator: helm install on a local cluster (real node real-0, simulated T4/A10G nodes)"
exports=$(hack/cluster-up.sh) # the project's own cluster, never the one KUBECONFIG names
eval "$exports"
started=false
grep -qx "# cluster-up: started" <<<"$exports" && started=true
cluster_dir=$(dirname "$KUBECONFIG")
ns=neuralforge-demo
cleanup() {
  kubectl delete namespace "$ns" "$ns-t4" --ignore-not-found --wait=false >/dev/null 2>&1 || true
  kubectl delete pv "$ns-models" --ignore-not-found --wait=false >/dev/null 2>&1 || true
  helm uninstall neuralforge -n neuralforge-system >/dev/null 2>&1 || true
  kubectl delete -f hack/kserve-api/ --ignore-not-found --wait=false >/dev/null 2>&1 || true
  $started && hack/cluster-down.sh >/dev/null 2>&1 || true
  rm -rf "$out"
}
trap cleanup EXIT
kubectl apply --server-side --force-conflicts -f crds/ >/dev/null
kubectl wait --for=condition=Established -f crds/ --timeout=60s >/dev/null
# KServe's API, as stand-ins for its CRDs (KServe itself is out of reach here), so that the chart
# installs its ClusterServingRuntime as it would on a cluster with KServe
kubectl apply --server-side -f hack/kserve-api/ >/dev/null
kubectl wait --for=condition=Established -f hack/kserve-api/ --timeout=60s >/dev/null
helm upgrade --install neuralforge charts/neuralforge-operator -n neuralforge-system --create-namespace \
  --set serving.runtime.enabled=true --wait --timeout 5m >/dev/null
echo "operator: $(kubectl get pod -n neuralforge-system -l app.kubernetes.io/instance=neuralforge \
  -o jsonpath='{.items[0].metadata.name} on node {.items[0].spec.nodeName}, container {.items[0].status.containerStatuses[0].containerID}' | cut -c1-110)"

for namespace in "$ns" "$ns-t4"; do
  kubectl delete namespace "$namespace" --ignore-not-found --wait=true >/dev/null
  kubectl create namespace "$namespace" >/dev/null
  kubectl label namespace "$namespace" pod-security.kubernetes.io/enforce=restricted >/dev/null
  kubectl apply -n "$namespace" -f examples/architectures/lenet-bn.yaml >/dev/null
done

# 1. Placement: the 10-epoch T4 example. The scheduler places its pod on the T4 node, which kwok
# simulates: nothing trains there, so the run is deleted once placed.
echo
kubectl apply -n "$ns-t4" -f examples/trainingruns/fashion-mnist-lenet.yaml >/dev/null
kubectl wait -n "$ns-t4" tr/lenet-fmnist --for=jsonpath='{.status.phase}'=Running --timeout=120s >/dev/null
echo "examples/trainingruns/fashion-mnist-lenet.yaml (1x T4): the scheduler placed it on node" \
  "$(kubectl get -n "$ns-t4" tr/lenet-fmnist -o jsonpath='{.status.nodeName}');" \
  "that node is simulated by kwok, so nothing trains there: deleting it"
kubectl delete namespace "$ns-t4" --wait=false >/dev/null

# 2. Training for real: the CPU variant of the same recipe, in a container on the real node,
# writing its model to a claim (a folder of this machine, as a local volume would be).
echo
folder="$cluster_dir/volumes/$ns-models"
kubectl delete pv "$ns-models" --ignore-not-found >/dev/null
mkdir -p "$folder" && chmod 777 "$folder"
kubectl apply -f - >/dev/null <<YAML
apiVersion: v1
kind: PersistentVolume
metadata: {name: $ns-models}
spec:
  capacity: {storage: 1Gi}
  accessModes: [ReadWriteOnce]
  storageClassName: manual
  persistentVolumeReclaimPolicy: Retain
  hostPath: {path: $folder}
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
kubectl wait -n "$ns" arch/lenet-bn --for=jsonpath='{.status.phase}'=Valid --timeout=120s >/dev/null
kubectl apply -n "$ns" -f examples/trainingruns/fashion-mnist-lenet-cpu.yaml
kubectl wait -n "$ns" tr/lenet-fmnist --for=jsonpath='{.status.phase}'=Running --timeout=300s >/dev/null
echo "trainer pod on node $(kubectl get -n "$ns" tr/lenet-fmnist -o jsonpath='{.status.nodeName}'):" \
  "kubectl logs -f -n $ns -l neuralforge.io/training-run=lenet-fmnist"
kubectl logs -f -n "$ns" -l neuralforge.io/training-run=lenet-fmnist | grep -E '^epoch [0-9]+ done' || true
kubectl wait -n "$ns" tr/lenet-fmnist --for=jsonpath='{.status.phase}'=Succeeded --timeout=300s >/dev/null

# 3. The export of that model, validated with ONNX Runtime, in a container on the real node too,
# for the chart's serving runtime.
kubectl apply -n "$ns" -f examples/modelexports/fashion-mnist-lenet-serving.yaml
kubectl wait -n "$ns" mexp/lenet-fmnist-serving --for=jsonpath='{.status.phase}'=Succeeded --timeout=300s >/dev/null
# The run's pictures, from its folder on the claim (pvc://models/<path>/ is $folder/<path>/).
run_dir=$(kubectl get -n "$ns" tr/lenet-fmnist -o jsonpath='{.status.artifacts.directory}')
run_dir="$folder/${run_dir#pvc://models/}"
for picture in curves.png confusion.png architecture.svg; do
  if [[ -f "$run_dir/$picture" ]]; then cp "$run_dir/$picture" "$pictures/lenet-fmnist-$picture"; fi
done
echo
kubectl get -n "$ns" arch,tr,mexp
echo
echo "what ran where (containers of the real node's containerd):"
kubectl get pods -n "$ns" -o custom-columns='POD:.metadata.name,NODE:.spec.nodeName,PHASE:.status.phase,CONTAINER:.status.containerStatuses[0].containerID' |
  cut -c1-120
echo
echo "the operator's /metrics (excerpt):"
kubectl get --raw "/api/v1/namespaces/neuralforge-system/services/neuralforge-neuralforge-operator-metrics:8080/proxy/metrics" |
  grep -E '^neuralforge_(trainingruns|model_export_validations_total|gpu_hours_total|reconciliations_total)' || true

# 4. Served: the InferenceService for the export, run as KServe's Standard mode runs it (KServe's
# controller is out of reach here: hack/py/kserve_standard_mode.py does its part), then asked about
# a picture from Fashion-MNIST's test set with neuralforge predict.
echo
serving_dir="$out/serving"
mkdir -p "$serving_dir"
storage=$(kubectl get -n "$ns" mexp/lenet-fmnist-serving -o jsonpath='{.status.serving.storageUri}')
cat >"$serving_dir/inferenceservice.json" <<JSON
{"apiVersion": "serving.kserve.io/v1beta1", "kind": "InferenceService",
 "metadata": {"name": "lenet-fmnist", "namespace": "$ns"},
 "spec": {"predictor": {"model": {"modelFormat": {"name": "onnx", "version": "1"}, "protocolVersion": "v2",
                                  "runtime": "neuralforge-onnx", "storageUri": "$storage"}}}}
JSON
kubectl apply -f "$serving_dir/inferenceservice.json" >/dev/null
kubectl get clusterservingruntime neuralforge-onnx -o json >"$serving_dir/runtime.json"
python3 hack/py/kserve_standard_mode.py "$serving_dir/runtime.json" "$serving_dir/inferenceservice.json" |
  kubectl apply -f - >/dev/null
kubectl rollout status -n "$ns" deployment/lenet-fmnist-predictor --timeout=180s >/dev/null
# this machine is not a pod: it reaches the Service's endpoint, the predictor pod's address
endpoint=$(kubectl get endpointslices -n "$ns" -l kubernetes.io/service-name=lenet-fmnist-predictor \
  -o jsonpath='{.items[0].endpoints[0].addresses[0]}:{.items[0].ports[0].port}')
url="http://$endpoint"
echo "served: lenet-fmnist by neuralforge/serving:0.1.0 (ClusterServingRuntime neuralforge-onnx) on node" \
  "$(kubectl get pods -n "$ns" -l serving.kserve.io/inferenceservice=lenet-fmnist -o jsonpath='{.items[0].spec.nodeName}'), $url"
truth=$(python3 hack/py/dataset_picture.py "${NEURALFORGE_DATASETS:-$HOME/.cache/neuralforge/datasets}" 0 \
  "$pictures/fashion-mnist-test-0.png")
echo "bin/neuralforge predict --url $url --model lenet-fmnist -f examples/trainingruns/fashion-mnist-lenet-cpu.yaml $pictures/fashion-mnist-test-0.png"
bin/neuralforge predict --url "$url" --model lenet-fmnist -f examples/trainingruns/fashion-mnist-lenet-cpu.yaml \
  "$pictures/fashion-mnist-test-0.png"
echo "the picture's true label: $truth"
echo
echo "the pictures: the network (lenet-bn.svg, .png), the data as fed (fashion-mnist-preview.png), the"
echo "cluster run's curves, confusion matrix and diagram (lenet-fmnist-*):"
ls -1 "$pictures" | sed "s#^#  $pictures/#"
