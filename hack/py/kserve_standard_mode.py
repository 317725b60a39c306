"""What KServe's controller makes of an InferenceService in Standard (raw Deployment) mode, for the
facts a serving runtime depends on, since KServe's controller cannot be built here (its Go module is
out of reach): the runtime's first container with {{.Name}} replaced by the InferenceService's name;
a pvc://<claim>/<path> storageUri mounted straight at /mnt/models (volume kserve-pvc-source, the path
as subPath, read-only); the runtime's volumes; a Deployment and a Service named <name>-predictor,
port 80 to the container's port. It refuses what KServe refuses: another runtime's name, a model
format or protocol the runtime does not list. Used by make demo and ServingIT; JSON in and out
(kubectl get -o json, kubectl apply -f -), so it needs nothing beyond Python itself.

    kserve_standard_mode.py RUNTIME.json INFERENCESERVICE.json   # prints a List: Deployment, Service
"""
import copy
import json
import sys

MODEL_MOUNT = "/mnt/models"
PVC_VOLUME = "kserve-pvc-source"


def read(path, kind):
    """The object of `kind` in the JSON file."""
    with open(path) as f:
        found = json.load(f)
    if not isinstance(found, dict) or found.get("kind") != kind:
        raise ValueError("%s: not a %s" % (path, kind))
    return found


def standard_mode(runtime, service):
    """[Deployment, Service] for the InferenceService `service` served by the runtime `runtime`."""
    name = service["metadata"]["name"]
    namespace = service["metadata"].get("namespace", "default")
    model = service["spec"]["predictor"]["model"]
    spec = runtime["spec"]
    if model.get("runtime") != runtime["metadata"]["name"]:
        raise ValueError("%s names runtime %s, not %s" % (name, model.get("runtime"), runtime["metadata"]["name"]))
    fmt = model["modelFormat"]
    if not any(f["name"] == fmt["name"] and str(f.get("version")) == str(fmt.get("version"))
               for f in spec["supportedModelFormats"]):
        raise ValueError("%s does not serve %s version %s" % (runtime["metadata"]["name"], fmt["name"], fmt.get("version")))
    protocol = model.get("protocolVersion", "v1")
    if protocol not in spec.get("protocolVersions", ["v1"]):
        raise ValueError("%s does not speak %s" % (runtime["metadata"]["name"], protocol))
    storage = model["storageUri"]
    if not storage.startswith("pvc://"):
        raise ValueError("only pvc:// storage is mounted directly, got " + storage)
    claim, _, path = storage[len("pvc://"):].partition("/")

    container = copy.deepcopy(spec["containers"][0])
    container["args"] = [a.replace("{{.Name}}", name) for a in container.get("args", [])]
    container.setdefault("volumeMounts", []).append(
        {"name": PVC_VOLUME, "mountPath": MODEL_MOUNT, "subPath": path, "readOnly": True})
    volumes = copy.deepcopy(spec.get("volumes", []))
    volumes.append({"name": PVC_VOLUME, "persistentVolumeClaim": {"claimName": claim}})
    port = (container.get("ports") or [{"containerPort": 8080}])[0]["containerPort"]

    predictor = name + "-predictor"
    labels = {"serving.kserve.io/inferenceservice": name, "component": "predictor", "app": "isvc." + predictor}
    metadata = {"name": predictor, "namespace": namespace, "labels": labels}
    deployment = {
        "apiVersion": "apps/v1", "kind": "Deployment", "metadata": metadata,
        "spec": {
            "replicas": 1,
            "selector": {"matchLabels": {"app": labels["app"]}},
            "template": {"metadata": {"labels": labels}, "spec": {"containers": [container], "volumes": volumes}},
        },
    }
    svc = {
        "apiVersion": "v1", "kind": "Service", "metadata": copy.deepcopy(metadata),
        "spec": {"selector": {"app": labels["app"]}, "ports": [{"name": "http", "port": 80, "targetPort": port}]},
    }
    return [deployment, svc]


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    try:
        objects = standard_mode(read(argv[1], "ClusterServingRuntime"), read(argv[2], "InferenceService"))
        print(json.dumps({"apiVersion": "v1", "kind": "List", "items": objects}, indent=2))
    except (OSError, KeyError, ValueError) as e:
        print("kserve_standard_mode: %s" % e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
