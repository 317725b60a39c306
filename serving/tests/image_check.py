"""The serving image run as a restricted pod runs it, for hack/serving-image-test.sh.
  image_check.py bundle BUNDLE ROOTFS IMAGE.json MODELS PORT   write BUNDLE/config.json for runc
  image_check.py check URL MODELS                              ask the server; compare with ONNX Runtime
"""

import json
import sys
from pathlib import Path

import models
import numpy as np
import onnxruntime as ort

ENTRYPOINT = ["python", "-m", "neuralforge_serving"]
USER = "65532:65532"
MODEL = "classifier"


def bundle(bundle_dir, rootfs, image_json, model_dir, port):
    """runc's default spec made restricted: the image's entrypoint, user, environment and working
    directory; a read-only root and no writable mount at all; no capabilities, no new privileges;
    the models read-only at /mnt/models; the host's network, so that the test reaches the port."""
    config = json.loads(Path(image_json).read_text())["OCIv1"]["config"]
    if config.get("Entrypoint") != ENTRYPOINT or config.get("User") != USER:
        sys.exit(f"image-check: the image runs {config.get('Entrypoint')} as {config.get('User')}, not {ENTRYPOINT} as {USER}")
    spec_file = Path(bundle_dir) / "config.json"
    spec = json.loads(spec_file.read_text())
    uid, gid = (int(x) for x in USER.split(":"))
    spec["root"] = {"path": rootfs, "readonly": True}
    spec["process"].update(
        terminal=False,
        user={"uid": uid, "gid": gid},
        args=ENTRYPOINT + [f"--model_name={MODEL}", "--model_dir=/mnt/models", f"--http_port={port}"],
        env=config["Env"],
        cwd=config["WorkingDir"],
        noNewPrivileges=True,
        capabilities={k: [] for k in ("bounding", "effective", "permitted", "ambient")},
    )
    spec["mounts"].append(
        {"destination": "/mnt/models", "type": "bind", "source": str(model_dir), "options": ["rbind", "ro"]}
    )
    spec["linux"]["namespaces"] = [n for n in spec["linux"]["namespaces"] if n["type"] != "network"]
    spec_file.write_text(json.dumps(spec, indent=1))


def check(url, model_dir):
    server = models.Client(url).wait_ready(90)
    status, metadata, _ = server.get(f"/v2/models/{MODEL}")
    assert status == 200 and metadata["inputs"] == [{"name": "image", "datatype": "FP32", "shape": [-1, 1, 4, 4]}], metadata
    x = np.random.default_rng(1).normal(size=(4, 1, 4, 4)).astype(np.float32)
    request = {"inputs": [{"name": "image", "shape": [4, 1, 4, 4], "datatype": "FP32", "data": x.flatten().tolist()}]}
    status, body, _ = server.post(f"/v2/models/{MODEL}/infer", request)
    assert status == 200, body
    got = np.array(body["outputs"][0]["data"], dtype=np.float32).reshape(4, 3)
    session = ort.InferenceSession(str(Path(model_dir) / MODEL / "1" / "model.onnx"), providers=["CPUExecutionProvider"])
    expected = session.run(None, {"image": x})[0]
    assert np.array_equal(got, expected), f"max diff {np.max(np.abs(got - expected))}"
    request["inputs"][0]["shape"] = [4, 16]
    status, body, _ = server.post(f"/v2/models/{MODEL}/infer", request)
    assert (status, body) == (400, {"error": "input image: shape [4, 16] does not fit [-1, 1, 4, 4]"}), body
    print(f"image-check: v2 metadata, inference equal to ONNX Runtime's and a 400 from {url}")


if __name__ == "__main__":
    if sys.argv[1] == "bundle":
        bundle(*sys.argv[2:7])
    elif sys.argv[1] == "check":
        check(*sys.argv[2:4])
    else:
        sys.exit(__doc__)
