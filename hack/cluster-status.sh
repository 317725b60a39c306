#!/usr/bin/env bash
# Exits 0 when the API server KUBECONFIG names answers /readyz.
set -euo pipefail
hack="$(cd "$(dirname "$0")" && pwd)"
source "$hack/versions.sh"
"$TOOLS_BIN/kubectl" get --raw /readyz >/dev/null 2>&1
