"""Why a CRD is not backward compatible with an earlier version of itself: a removed field, a
changed or narrowed type, an enum value taken away, a newly required field, a version no longer
served. Objects stored under the old schema must stay valid and keep their data. Used by
hack/crd-compat.sh."""
import sys

import yaml


def versions(crd):
    return {v["name"]: v for v in crd["spec"]["versions"]}


def problems(old, new):
    """What objects stored under `old` would lose or fail under `new`; empty when compatible."""
    found = []
    for name, version in versions(old).items():
        now = versions(new).get(name)
        if now is None or not now.get("served", True):
            found.append("version %s is no longer served" % name)
            continue
        walk(name, version["schema"]["openAPIV3Schema"], now["schema"]["openAPIV3Schema"], found)
    return found


def walk(path, a, b, found):
    if b is None:
        found.append("%s was removed" % path)
        return
    ta, tb = a.get("type"), b.get("type")
    if ta != tb and not (ta is None and b.get("x-kubernetes-preserve-unknown-fields")):
        found.append("%s changed type from %s to %s" % (path, ta, tb))
    if "enum" in a and set(a["enum"]) - set(b.get("enum", a["enum"])):
        found.append("%s no longer accepts %s" % (path, sorted(set(a["enum"]) - set(b["enum"]))))
    if "enum" not in a and "enum" in b:
        found.append("%s became an enum" % path)
    newly = set(b.get("required", [])) - set(a.get("required", []))
    if newly:
        found.append("%s now requires %s" % (path, sorted(newly)))
    for key, sub in (a.get("properties") or {}).items():
        walk(path + "." + key, sub, (b.get("properties") or {}).get(key), found)
    if a.get("items") and b.get("items"):
        walk(path + "[]", a["items"], b["items"], found)


if __name__ == "__main__":
    new_file, old_file = sys.argv[1], sys.argv[2]
    found = problems(yaml.safe_load(open(old_file)), yaml.safe_load(open(new_file)))
    for p in found:
        print("crd-compat: %s: %s" % (new_file, p))
    sys.exit(1 if found else 0)
