#!/usr/bin/env bash
# make bench-train: LeNet-BN on Fashion-MNIST (the example recipe), ResNet-18 on CIFAR-10-shaped
# data and the LSTM and Transformer examples on random tokens, trained by `neuralforge train` and by
# PyTorch 2.7.1 eager (the libtorch the engine runs) on the same threads, alternated; PyTorch's
# newest once for information; each side's top operators from one profiled run. Prints every figure,
# the medians and the ratio (hack/py/bench_train.py says which environment variables choose what).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${BENCH_OUT:-$(mktemp -d)}
mkdir -p "$out"
threads=${THREADS:-$(nproc)}
datasets=${NEURALFORGE_DATASETS:-${NEURALFORGE_CACHE:-$HOME/.cache/neuralforge}/datasets}
anchor=$(hack/python-env.sh torch-2.7.1)
newest=$(hack/python-env.sh)
"$anchor" hack/py/bench_train.py "$out" "$threads" "$anchor" "$newest" "$datasets"
echo "report: $out/report.md"
