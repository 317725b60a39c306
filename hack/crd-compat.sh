#!/usr/bin/env bash
# Fails when a CRD in crds/ is not backward compatible with its last committed version (git HEAD,
# or the revision in $1): a removed field, a changed or narrowed type, an enum value taken away,
# a newly required field, a removed served version. Objects stored under the old schema must stay
# valid and keep their data.
set -euo pipefail
cd "$(dirname "$0")/.."
base="${1:-HEAD}"
python=$(hack/python-env.sh)
status=0
for crd in crds/*.yaml; do
  if ! old=$(git show "$base:$crd" 2>/dev/null); then
    continue # new CRD: nothing to be compatible with
  fi
  if ! "$python" - "$crd" <(printf '%s\n' "$old") <<'PY'
import sys, yaml
new = yaml.safe_load(open(sys.argv[1]))
old = yaml.safe_load(open(sys.argv[2]))
problems = []

def versions(crd):
    return {v["name"]: v for v in crd["spec"]["versions"]}

def walk(path, a, b):
    if b is None:
        problems.append("%s was removed" % path)
        return
    ta, tb = a.get("type"), b.get("type")
    if ta != tb and not (ta is None and b.get("x-kubernetes-preserve-unknown-fields")):
        problems.append("%s changed type from %s to %s" % (path, ta, tb))
    if "enum" in a and set(a["enum"]) - set(b.get("enum", a["enum"])):
        problems.append("%s no longer accepts %s" % (path, sorted(set(a["enum"]) - set(b["enum"]))))
    if "enum" not in a and "enum" in b:
        problems.append("%s became an enum" % path)
    newly = set(b.get("required", [])) - set(a.get("required", []))
    if newly:
        problems.append("%s now requires %s" % (path, sorted(newly)))
    for key, sub in (a.get("properties") or {}).items():
        walk(path + "." + key, sub, (b.get("properties") or {}).get(key))
    if a.get("items") and b.get("items"):
        walk(path + "[]", a["items"], b["items"])

for name, version in versions(old).items():
    now = versions(new).get(name)
    if now is None or not now.get("served", True):
        problems.append("version %s is no longer served" % name)
        continue
    walk(name, version["schema"]["openAPIV3Schema"], now["schema"]["openAPIV3Schema"])
for p in problems:
    print("crd-compat: %s: %s" % (sys.argv[1], p))
sys.exit(1 if problems else 0)
PY
  then
    status=1
  fi
done
exit $status
