#!/usr/bin/env bash
# Writes the CRD reference (Markdown) from crds/*.yaml to stdout: every field with its type,
# constraints and description, as `kubectl explain` would show them. `make generate` keeps
# docs/crd-reference.md current and `make verify` checks it.
set -euo pipefail
cd "$(dirname "$0")/.."
python=$(hack/python-env.sh)
"$python" hack/py/crd_docs.py crds/*.yaml
