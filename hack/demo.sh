#!/usr/bin/env bash
# make demo: validates every example architecture in one run of the CLI and prints a table.
set -euo pipefail
cd "$(dirname "$0")/.."
examples=(examples/architectures/*.yaml)
echo "bin/neuralforge validate --summary: ${#examples[@]} example architectures"
echo
for f in "${examples[@]}"; do cat "$f"; echo "---"; done | bin/neuralforge validate --summary -
