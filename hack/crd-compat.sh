#!/usr/bin/env bash
# Fails when a CRD in crds/ is not backward compatible with the last released version of it
# (hack/crd-compat/released/<newest version>/, or the folder in $1): a removed field, a changed or
# narrowed type, an enum value taken away, a newly required field, a removed served version
# (hack/py/crd_compat.py). Objects stored under the released schema must stay valid and keep their
# data; comparing with HEAD instead would let a change slip through in two commits.
set -euo pipefail
cd "$(dirname "$0")/.."
released="${1:-$(find hack/crd-compat/released -mindepth 1 -maxdepth 1 -type d | sort -V | tail -1)}"
python=$(hack/python-env.sh)
status=0
for crd in crds/*.yaml; do
  old="$released/$(basename "$crd")"
  if [[ ! -f "$old" ]]; then
    continue # a kind not released yet: nothing to be compatible with
  fi
  if ! "$python" hack/py/crd_compat.py "$crd" "$old"; then
    status=1
  fi
done
exit $status
