#!/usr/bin/env bash
# The tests of the Python behind hack/ (hack/py/test_*.py), with pytest from the pinned venv and
# the Lua the Argo CD checks run under; then the serving image's model server (serving/tests), in a
# venv of exactly the image's packages (hack/python-env.sh serving).
set -euo pipefail
cd "$(dirname "$0")/.."
python=$(hack/python-env.sh)
{ read -r lua; read -r lua_lib; } < <(hack/lua.sh)
NEURALFORGE_LUA="$lua" LD_LIBRARY_PATH="$lua_lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
  "$python" -m pytest -q -p no:cacheprovider hack/py
serving_python=$(hack/python-env.sh serving)
"$serving_python" -m pytest -q -p no:cacheprovider serving/tests
