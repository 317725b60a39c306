#!/usr/bin/env bash
# Prints a patch for Argo CD's argocd-cm that registers the NeuralForge health checks:
#   hack/argocd-cm.sh > patch.yaml && kubectl -n argocd patch configmap argocd-cm --patch-file patch.yaml
set -euo pipefail
cd "$(dirname "$0")/.."
echo "data:"
for script in examples/argocd/resource_customizations/neuralforge.io/*/health.lua; do
  kind=$(basename "$(dirname "$script")")
  echo "  resource.customizations.health.neuralforge.io_${kind}: |"
  sed 's/^/    /' "$script"
done
