#!/usr/bin/env bash
# Runs the Argo CD health checks in examples/argocd/resource_customizations under a real Lua 5.1
# interpreter (Argo CD's dialect, from Debian's lua5.1 package, unpacked under
# ~/.cache/neuralforge), against each kind's health_test.yaml, the way Argo CD does: the object
# as the global `obj`, the script's returned table holding status and message.
set -euo pipefail
cd "$(dirname "$0")/.."
lua_root="${NEURALFORGE_CACHE:-$HOME/.cache/neuralforge}/lua5.1"
if [[ ! -x "$lua_root/usr/bin/lua5.1" ]]; then
  tmp=$(mktemp -d)
  (cd "$tmp" && apt-get download lua5.1 liblua5.1-0 >/dev/null 2>&1)
  mkdir -p "$lua_root"
  for deb in "$tmp"/*.deb; do dpkg -x "$deb" "$lua_root"; done
  rm -rf "$tmp"
fi
export LD_LIBRARY_PATH="$lua_root/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
lua="$lua_root/usr/bin/lua5.1"
python=$(hack/python-env.sh)
"$python" - "$lua" examples/argocd/resource_customizations <<'PY'
import glob, os, subprocess, sys
import yaml

lua, root = sys.argv[1], sys.argv[2]

def to_lua(value):
    """A YAML value as a Lua literal (tables for maps and lists, as Argo CD hands them over)."""
    if isinstance(value, dict):
        return "{" + ", ".join("[%s] = %s" % (to_lua(str(k)), to_lua(v)) for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "{" + ", ".join(to_lua(v) for v in value) + "}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if value is None:
        return "nil"
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'

failures = cases = 0
for test_file in sorted(glob.glob(os.path.join(root, "*", "*", "health_test.yaml"))):
    folder = os.path.dirname(test_file)
    kind = os.path.relpath(folder, root)
    script = os.path.join(folder, "health.lua")
    for case in yaml.safe_load(open(test_file))["tests"]:
        cases += 1
        obj = yaml.safe_load(open(os.path.join(folder, case["inputPath"])))
        program = ("obj = %s\nlocal hs = dofile(%s)\nio.write(tostring(hs.status), '\\n', tostring(hs.message))"
                   % (to_lua(obj), to_lua(script)))
        run = subprocess.run([lua, "-e", program], capture_output=True, text=True)
        if run.returncode != 0:
            failures += 1
            print("argocd-health: %s %s: lua failed: %s" % (kind, case["inputPath"], run.stderr.strip()))
            continue
        status, message = run.stdout.split("\n", 1)
        want = case["healthStatus"]
        if status != want["status"] or message != want.get("message", message):
            failures += 1
            print("argocd-health: %s %s: got %s %r, want %s %r" % (
                kind, case["inputPath"], status, message, want["status"], want.get("message")))
version = subprocess.run([lua, "-v"], capture_output=True, text=True)
print("argocd-health: %d of %d cases pass under %s" % (
    cases - failures, cases, (version.stdout or version.stderr).split("  ")[0].strip()))
sys.exit(1 if failures or not cases else 0)
PY
