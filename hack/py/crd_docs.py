"""The CRD reference (Markdown) from CRD YAML files: every field with its type, constraints and
description, as `kubectl explain` would show them. Used by hack/crd-docs.sh."""
import sys

import yaml

def number(value):
    """A schema bound as people write it: 2147483647, not 2.147483647E9 (which YAML 1.1 reads as a
    string)."""
    value = float(value)
    return "%d" % value if value.is_integer() else "%g" % value


def constraints(s):
    out = []
    if "enum" in s: out.append("one of " + ", ".join("`%s`" % v for v in s["enum"]))
    if "minimum" in s: out.append("min %s" % number(s["minimum"]))
    if "maximum" in s: out.append("max %s" % number(s["maximum"]))
    if "pattern" in s: out.append("pattern `%s`" % s["pattern"])
    if "maxItems" in s: out.append("at most %d items" % s["maxItems"])
    if "default" in s: out.append("default `%s`" % s["default"])
    for rule in s.get("x-kubernetes-validations", []):
        out.append("rule: %s" % rule["message"])
    return "; ".join(out)

def kind_of(s):
    if s.get("x-kubernetes-int-or-string"): return "int or string"
    t = s.get("type", "any")
    if t == "array": return "[]" + kind_of(s.get("items", {}))
    return t

def rows(path, s, required):
    desc = " ".join((s.get("description") or "").split()).replace("|", "\\|")
    req = " (required)" if required else ""
    yield "| `%s` | %s%s | %s | %s |" % (path, kind_of(s), req, desc, constraints(s).replace("|", "\\|"))
    props = s.get("properties") or (s.get("items") or {}).get("properties") or {}
    reqs = set(s.get("required") or (s.get("items") or {}).get("required") or [])
    suffix = "[]" if s.get("type") == "array" else ""
    for name in sorted(props):
        if path.endswith("conditions[]") or path.endswith("conditions"):
            break
        yield from rows(path + suffix + "." + name, props[name], name in reqs)

def render(files):
    """The whole reference, as lines."""
    out = []
    out.append("# CRD reference\n")
    out.append("Generated from `crds/*.yaml` by `hack/crd-docs.sh` (`make generate`); do not edit.\n")
    for f in files:
        crd = yaml.safe_load(open(f))
        names = crd["spec"]["names"]
        for v in crd["spec"]["versions"]:
            root = v["schema"]["openAPIV3Schema"]
            out.append("## %s (`%s/%s`)\n" % (names["kind"], crd["spec"]["group"], v["name"]))
            out.append(" ".join(root.get("description", "").split()) + "\n")
            out.append("Short names: %s. Categories: %s. Printer columns: %s.\n" % (
                ", ".join("`%s`" % n for n in names.get("shortNames", [])),
                ", ".join(names.get("categories", [])),
                ", ".join(c["name"] for c in v.get("additionalPrinterColumns", []))))
            for rule in root.get("x-kubernetes-validations", []):
                out.append("Rule: %s\n" % rule["message"])
            out.append("| field | type | description | constraints |")
            out.append("|---|---|---|---|")
            for part in ("spec", "status"):
                if part in root.get("properties", {}):
                    for row in rows(part, root["properties"][part], False):
                        out.append(row)
            out.append("")
    return out


if __name__ == "__main__":
    print("\n".join(render(sys.argv[1:])))
