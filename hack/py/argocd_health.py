"""Runs the Argo CD health checks (health.lua) against their health_test.yaml cases under a Lua
interpreter, the way Argo CD does: the object as the global `obj`, the returned table holding
status and message. Used by hack/argocd-health-test.sh."""
import glob
import os
import subprocess
import sys

import yaml

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

def run_cases(lua, root):
    """(cases, failures) of every check below `root`; each failure printed."""
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
    return cases, failures


if __name__ == "__main__":
    lua, root = sys.argv[1], sys.argv[2]
    cases, failures = run_cases(lua, root)
    version = subprocess.run([lua, "-v"], capture_output=True, text=True)
    print("argocd-health: %d of %d cases pass under %s" % (
        cases - failures, cases, (version.stdout or version.stderr).split("  ")[0].strip()))
    sys.exit(1 if failures or not cases else 0)
