#!/usr/bin/env bash
# make bench-train: LeNet-BN on Fashion-MNIST for 10 epochs on this machine's CPU; prints the
# samples per second and the test accuracy (the published table puts a 2-conv network with
# pooling and batch norm at 0.934; the target is at least 0.92).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
sed 's/gpu: {type: t4, count: 1}/gpu: {type: none}/' examples/trainingruns/fashion-mnist-lenet.yaml > "$out/run.yaml"
start=$SECONDS
status=$(bin/neuralforge train -f "$out/run.yaml" --architecture examples/architectures/lenet-bn.yaml --output "$out/model" | tail -1)
echo "$status"
python3 hack/py/run_summary.py --seconds $((SECONDS - start)) <<<"$status"
