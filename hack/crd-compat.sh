#!/usr/bin/env bash
# Fails when a CRD in crds/ is not backward compatible with its last committed version (git HEAD,
# or the revision in $1): a removed field, a changed or narrowed type, an enum value taken away,
# a newly required field, a removed served version (hack/py/crd_compat.py). Objects stored under
# the old schema must stay valid and keep their data.
set -euo pipefail
cd "$(dirname "$0")/.."
base="${1:-HEAD}"
python=$(hack/python-env.sh)
status=0
for crd in crds/*.yaml; do
  if ! old=$(git show "$base:$crd" 2>/dev/null); then
    continue # new CRD: nothing to be compatible with
  fi
  if ! "$python" hack/py/crd_compat.py "$crd" <(printf '%s\n' "$old"); then
    status=1
  fi
done
exit $status
