#!/usr/bin/env bash
# make verify: generated files must match what is committed, and Java must be formatted.
set -euo pipefail
cd "$(dirname "$0")/.."
fail=0
# The build (make build) has just regenerated the CRDs into crds/target/crds.
for generated in crds/target/crds/*.yaml; do
  committed="crds/$(basename "$generated")"
  if ! diff -u "$committed" "$generated" >/dev/null 2>&1; then
    echo "verify: $committed differs from the classes in crds/ (run 'make generate' and commit)" >&2
    diff -u "$committed" "$generated" | head -40 >&2 || true
    fail=1
  fi
done
for committed in crds/*.yaml; do
  if [[ ! -f "crds/target/crds/$(basename "$committed")" ]]; then
    echo "verify: $committed is no longer generated (remove it)" >&2
    fail=1
  fi
done
# The chart ships the same CRDs (Helm installs its crds/ once and never upgrades them).
for committed in crds/*.yaml; do
  if ! diff -q "$committed" "charts/neuralforge-operator/crds/$(basename "$committed")" >/dev/null 2>&1; then
    echo "verify: charts/neuralforge-operator/crds/$(basename "$committed") differs from $committed (run 'make generate')" >&2
    fail=1
  fi
done
if ! diff -q docs/crd-reference.md <(hack/crd-docs.sh) >/dev/null; then
  echo "verify: docs/crd-reference.md is out of date (run 'make generate')" >&2
  fail=1
fi
if ! hack/crd-compat.sh; then
  echo "verify: a CRD change is not backward compatible with the last release (see above)" >&2
  fail=1
fi
if ! mvn -B -ntp -q -Dstyle.color=never spotless:check >/dev/null 2>&1; then
  echo "verify: Java formatting differs from google-java-format (run 'make format')" >&2
  fail=1
fi
# serving/requirements.txt is made from serving/requirements.in: each pin there must be in it
for pin in $(grep -v '^#' serving/requirements.in); do
  if ! grep -qxF "$pin \\" serving/requirements.txt; then
    echo "verify: serving/requirements.txt lacks $pin of requirements.in (run hack/serving-requirements.sh)" >&2
    fail=1
  fi
done
if ((fail == 0)); then
  echo "verify: generated CRDs, formatting and serving/requirements.txt are up to date"
fi
exit $fail
