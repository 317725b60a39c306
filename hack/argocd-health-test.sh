#!/usr/bin/env bash
# Runs the Argo CD health checks in examples/argocd/resource_customizations under a real Lua 5.1
# interpreter (Argo CD's dialect, hack/lua.sh), against each kind's health_test.yaml, the way Argo
# CD does: the object as the global `obj`, the script's returned table holding status and message
# (hack/py/argocd_health.py).
set -euo pipefail
cd "$(dirname "$0")/.."
{ read -r lua; read -r lua_lib; } < <(hack/lua.sh)
export LD_LIBRARY_PATH="$lua_lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
python=$(hack/python-env.sh)
"$python" hack/py/argocd_health.py "$lua" examples/argocd/resource_customizations
