#!/usr/bin/env bash
# make test: builds (or reuses) the control-plane binaries, starts the control plane, runs every
# test (unit tests, then *IT: PyTorch and MLflow from PyPI, S3 and MLflow servers, the real API
# server), stops what it started, and prints how long each stage took.
set -euo pipefail
cd "$(dirname "$0")/.."
timings=()
stage_start=$SECONDS
stage_done() { timings+=("$(printf '%-42s %5d s' "$1" $((SECONDS - stage_start)))"); stage_start=$SECONDS; }
report() {
  echo
  echo "make test: stage timings"
  printf '  %s\n' "${timings[@]}"
}
trap report EXIT

hack/build-binaries.sh >/dev/null
stage_done "control-plane binaries (build/reuse)"

hack/fetch-datasets.sh
stage_done "builtin datasets (fetch/reuse)"

# The project's own cluster, never the one KUBECONFIG names (a developer's production context):
# cluster-up starts one, or names the one it started before (then this leaves it running). Only
# NEURALFORGE_USE_EXISTING_CLUSTER=true, said explicitly, points the tests at KUBECONFIG's cluster.
if [[ "${NEURALFORGE_USE_EXISTING_CLUSTER:-}" == true ]]; then
  echo "make test: NEURALFORGE_USE_EXISTING_CLUSTER=true: testing against $KUBECONFIG" >&2
else
  exports=$(hack/cluster-up.sh)
  eval "$exports"
  stage_done "images, control plane and real node up"
  if grep -qx "# cluster-up: started" <<<"$exports"; then
    trap 'hack/cluster-down.sh >/dev/null; report' EXIT
  fi
fi

${MVN:-mvn -B -ntp -Dstyle.color=never} verify
stage_done "unit and integration tests (mvn verify)"

# A check we did not write: the official ONNX checker on every file the tests exported.
hack/onnx-check.sh
stage_done "ONNX checker and shape inference (PyPI onnx)"

hack/argocd-health-test.sh
stage_done "Argo CD health checks (Lua 5.1)"

hack/python-test.sh
stage_done "the Python behind hack/ (pytest)"

hack/entrypoints-test.sh
stage_done "image entrypoints"

hack/serving-image-test.sh
stage_done "the serving image, restricted (runc)"
