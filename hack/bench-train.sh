#!/usr/bin/env bash
# make bench-train: the example recipe (LeNet-BN on Fashion-MNIST, examples/trainingruns/
# fashion-mnist-lenet.yaml, on the CPU) trained by neuralforge and by PyTorch eager from PyPI with
# the same threads; prints samples/s, test accuracy and peak memory of each, and the ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
sed 's/gpu: {type: t4, count: 1}/gpu: {type: none}/' examples/trainingruns/fashion-mnist-lenet.yaml > "$out/run.yaml"
python=$(hack/python-env.sh)
threads=${THREADS:-$(nproc)}
datasets=${NEURALFORGE_DATASETS:-${NEURALFORGE_CACHE:-$HOME/.cache/neuralforge}/datasets}
"$python" hack/py/bench_train.py "$out/run.yaml" examples/architectures/lenet-bn.yaml "$datasets" "$threads" "$python"
