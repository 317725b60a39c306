#!/usr/bin/env bash
# make demo: validates every example architecture in one run of the CLI and prints a table.
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
echo
echo "bin/neuralforge train: lenet-fmnist, 1 epoch on the CPU (examples/trainingruns/fashion-mnist-lenet.yaml)"
sed 's/epochs: 10/epochs: 1/; s/gpu: {type: t4, count: 1}/gpu: {type: none}/' examples/trainingruns/fashion-mnist-lenet.yaml > "$out/fmnist.yaml"
bin/neuralforge train -f "$out/fmnist.yaml" --architecture examples/architectures/lenet-bn.yaml --output "$out/fmnist" 2>/dev/null | accuracy
