#!/usr/bin/env bash
# What the images' ENTRYPOINTs, the chart's Deployment and the Jobs call exists in the build and
# runs: the files the Dockerfiles copy, the operator's main class, and `neuralforge` with the
# subcommands the trainer and export Jobs use (each answering --help). That the images' own
# entrypoints run is shown by the ITs whose pods run them on the real node.
set -euo pipefail
cd "$(dirname "$0")/.."
fail=0
for file in operator/target/neuralforge-operator.jar operator/target/lib cli/target/neuralforge-cli.jar \
  cli/target/lib bin/neuralforge hack/fetch-datasets.sh; do
  [[ -e "$file" ]] || { echo "entrypoints: $file is missing (run make build)" >&2; fail=1; }
done
if ! java -cp "operator/target/neuralforge-operator.jar:operator/target/lib/*" io.neuralforge.operator.OperatorMain --help \
  | grep -q NEURALFORGE_OPERATOR_CONFIG; then
  echo "entrypoints: the operator's main does not answer --help" >&2
  fail=1
fi
for sub in "" train export render validate; do
  if ! bin/neuralforge $sub --help >/dev/null; then
    echo "entrypoints: neuralforge $sub --help failed" >&2
    fail=1
  fi
done
((fail == 0)) && echo "entrypoints: the operator's main and neuralforge train/export/render/validate answer --help"
exit $fail
