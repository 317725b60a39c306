"""Tests of the Python behind hack/ (run by `make test` with pytest in hack/python-env.sh's venv)."""
import copy
import json
import os
import re

import pytest

import argocd_health
import crd_compat
import crd_docs
import dataset_picture
import kserve_standard_mode
import op_profile
import optuna_pruning
import run_summary

CRD = {
    "spec": {
        "group": "neuralforge.io",
        "names": {"kind": "Thing", "shortNames": ["th"], "categories": ["neuralforge"]},
        "versions": [{
            "name": "v1alpha1", "served": True,
            "additionalPrinterColumns": [{"name": "Phase"}],
            "schema": {"openAPIV3Schema": {
                "description": "A thing.",
                "properties": {"spec": {"type": "object", "required": ["size"], "properties": {
                    "size": {"type": "integer", "minimum": 1, "default": 3, "description": "How big."},
                    "kind": {"type": "string", "enum": ["a", "b"]},
                    "tags": {"type": "array", "maxItems": 4, "items": {"type": "string"}},
                }}},
            }},
        }],
    }
}


def spec(crd):
    return crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]["spec"]


def test_a_compatible_change_has_no_problems_and_each_breaking_one_is_named():
    assert crd_compat.problems(CRD, CRD) == []
    wider = copy.deepcopy(CRD)
    spec(wider)["properties"]["kind"]["enum"].append("c")
    spec(wider)["properties"]["colour"] = {"type": "string"}
    assert crd_compat.problems(CRD, wider) == []
    broken = copy.deepcopy(CRD)
    del spec(broken)["properties"]["tags"]
    spec(broken)["properties"]["kind"]["enum"] = ["a"]
    spec(broken)["properties"]["size"]["type"] = "string"
    spec(broken)["required"].append("kind")
    assert sorted(crd_compat.problems(CRD, broken)) == sorted([
        "v1alpha1.properties.spec.tags was removed".replace(".properties", ""),
        "v1alpha1.spec.kind no longer accepts ['b']",
        "v1alpha1.spec.size changed type from integer to string",
        "v1alpha1.spec now requires ['kind']",
    ])
    unserved = copy.deepcopy(CRD)
    unserved["spec"]["versions"][0]["served"] = False
    assert crd_compat.problems(CRD, unserved) == ["version v1alpha1 is no longer served"]


def test_crd_compat_compares_crds_with_the_released_ones(tmp_path):
    """The script reads the release folder it is given: a field the release has and crds/ lacks fails it."""
    import subprocess
    import yaml
    root = os.path.join(os.path.dirname(__file__), "..", "..")
    released = tmp_path / "9.9.9"
    released.mkdir()
    source = os.path.join(root, "crds", "architectures.neuralforge.io.yaml")
    crd = yaml.safe_load(open(source))
    spec(crd)["properties"]["retiredField"] = {"type": "string"}
    (released / "architectures.neuralforge.io.yaml").write_text(yaml.safe_dump(crd))
    script = os.path.join(root, "hack", "crd-compat.sh")
    broken = subprocess.run([script, str(released)], capture_output=True, text=True)
    assert broken.returncode == 1
    assert "spec.retiredField was removed" in broken.stdout
    (released / "architectures.neuralforge.io.yaml").write_text(open(source).read())
    assert subprocess.run([script, str(released)], capture_output=True).returncode == 0


def test_the_reference_has_a_row_per_field_with_its_constraints(tmp_path):
    path = tmp_path / "thing.yaml"
    path.write_text(json.dumps(CRD))
    lines = crd_docs.render([str(path)])
    assert "## Thing (`neuralforge.io/v1alpha1`)\n" in lines
    assert "| `spec.size` | integer (required) | How big. | min 1; default `3` |" in lines
    assert "| `spec.kind` | string | | one of `a`, `b` |".replace("| |", "|  |") in lines
    assert "| `spec.tags` | []string |  | at most 4 items |" in lines


def test_bounds_read_as_people_write_them():
    assert crd_docs.number("2.147483647E9") == "2147483647"
    assert crd_docs.number(0.5) == "0.5"
    assert crd_docs.constraints({"minimum": -9.007199254740991e15}) == "min -9007199254740991"


def test_yaml_values_become_lua_literals():
    assert argocd_health.to_lua({"a": [1, True, None]}) == '{["a"] = {1, true, nil}}'
    assert argocd_health.to_lua('say "hi"\n') == '"say \\"hi\\"\\n"'


def test_health_cases_run_under_lua(tmp_path):
    check = tmp_path / "neuralforge.io" / "Thing"
    (check / "testdata").mkdir(parents=True)
    (check / "health.lua").write_text('return {status = obj.status.phase == "Valid" and "Healthy"'
                                      ' or "Degraded", message = obj.status.phase}')
    (check / "testdata" / "valid.yaml").write_text("status: {phase: Valid}\n")
    (check / "health_test.yaml").write_text(
        "tests:\n- healthStatus: {status: Healthy, message: Valid}\n  inputPath: testdata/valid.yaml\n")
    lua = os.environ["NEURALFORGE_LUA"]  # hack/python-test.sh sets it (hack/lua.sh)
    assert argocd_health.run_cases(lua, str(tmp_path)) == (1, 0)


def test_the_summaries_read_the_last_status_line():
    out = 'progress\n{"metrics": {"validationAccuracy": 0.97, "testAccuracy": 0.95,' \
          ' "samplesPerSecond": 1234.5, "epochs": 10, "devices": "cpu()", "bestEpoch": 9}}\n'
    m = run_summary.metrics(out)
    assert run_summary.accuracy(m) == \
        "validation accuracy 0.9700, test accuracy 0.9500, 1234 samples/s"
    assert run_summary.benchmark(m, 60).startswith("LeNet-BN on Fashion-MNIST, 10 epochs in 60 s")


def test_an_operators_self_time_leaves_out_what_it_called_on_its_own_thread(tmp_path):
    def event(name, ts, dur, tid=1):
        return {"name": name, "ph": "X", "ts": ts, "dur": dur, "pid": 1, "tid": tid}

    legacy = [  # libtorch's legacy profiler: a bare list, no categories
        event("aten::linear", 0, 10),
        event("aten::t", 1, 2),
        event("aten::addmm", 4, 5),
        event("aten::copy_", 5, 1),
        event("aten::addmm", 12, 3),
        event("AddmmBackward0", 0, 4, tid=2),  # another thread: not inside linear
    ]
    python = [  # PyTorch's copy of that profiler: Python's record_function scopes are left out
        event("Optimizer.step#Adam.step", 0, 100),
        event("aten::addmm", 10, 6),
    ]
    kineto = {"traceEvents": [
        dict(event("aten::addmm", 0, 6), cat="cpu_op"),
        dict(event("Optimizer.step", 0, 100), cat="python_function"),
    ]}
    ours, theirs, kineto_file = (tmp_path / n for n in ("ours.json", "theirs.json", "k.json"))
    ours.write_text(json.dumps(legacy))
    theirs.write_text(json.dumps(python))
    kineto_file.write_text(json.dumps(kineto))
    assert op_profile.self_times(str(kineto_file)) == op_profile.self_times(str(theirs))

    table, top_level = op_profile.self_times(str(ours))
    assert table["aten::linear"] == [1, 3.0]
    assert table["aten::addmm"] == [2, 7.0]
    assert table["aten::copy_"] == [1, 1.0]
    assert table["AddmmBackward0"] == [1, 4.0]
    assert top_level == 10 + 3 + 4

    rows = op_profile.table(str(ours), str(theirs), steps=1, top=2)
    assert rows[2] == "| `aten::addmm` | 7 | 2 | 6 | 1 |"
    assert rows[-1] == "| **all operators** | 17 | 6 | 6 | 1 |"


class _Trial:
    def __init__(self):
        self.reports = []

    def report(self, value, step):
        self.reports.append((step, value))

    def should_prune(self):
        return self.reports[-1][1] < 0.5


class _ThresholdStudy:
    """A stand-in for an Optuna study (optuna is not in this venv): prunes a trial whose latest
    value is below 0.5, and records what each trial is told."""

    def __init__(self):
        self.trials = []
        self.told = {}

    def ask(self):
        self.trials.append(_Trial())
        return self.trials[-1]

    def tell(self, trial, value=None, state=None):
        self.told[self.trials.index(trial)] = state if state is not None else value


def test_pruning_scenarios_are_read_with_nan_for_null_and_refused_when_malformed(tmp_path):
    good = {"id": 3, "rule": "asha", "goal": "minimize", "minEpochs": 1, "reductionFactor": 2,
            "curves": [[0.4, None], [0.5]], "events": [[0, True], [1, True], [0, False]]}
    path = tmp_path / "scenarios.json"
    path.write_text(json.dumps({"scenarios": [good]}))
    [read] = optuna_pruning.read_scenarios(str(path))
    assert read["curves"][0][0] == 0.4 and read["curves"][0][1] != read["curves"][0][1]

    for broken, problem in [
        (dict(good, rule="hyperband"), "rule must be one of"),
        (dict(good, curves=[[0.4, None], []]), "every trial needs at least one epoch"),
        (dict(good, events=[[0, True], [2, True], [0, True]]), "event for trial 2 of 2"),
        (dict(good, events=[[0, True], [1, True]]), "events per trial [1, 1]"),
    ]:
        path.write_text(json.dumps({"scenarios": [broken]}))
        with pytest.raises(ValueError, match="scenario 3: " + re.escape(problem)):
            optuna_pruning.read_scenarios(str(path))


def test_a_replay_stops_reporting_a_pruned_trial_and_completes_the_others_with_a_number():
    nan = float("nan")
    scenario = {"curves": [[0.9, 0.4, 0.8], [0.7, nan], [nan]],
                "events": [[0, True], [1, False], [0, True], [1, True], [2, False], [0, True]]}
    study = _ThresholdStudy()
    assert optuna_pruning.replay(scenario, study, "PRUNED") == [False, True, False]
    assert study.trials[0].reports == [(1, 0.9), (2, 0.4)]
    assert study.told[0] == "PRUNED"
    assert study.told[1] == 0.7  # its last number, not NaN
    assert study.told[2] == 0.0  # no number at all: still told one, so that Optuna completes it


RUNTIME = {
    "kind": "ClusterServingRuntime", "metadata": {"name": "neuralforge-onnx"},
    "spec": {
        "supportedModelFormats": [{"name": "onnx", "version": "1"}], "protocolVersions": ["v2", "v1"],
        "containers": [{"name": "kserve-container", "image": "neuralforge/serving:0.1.0",
                        "args": ["--model_name={{.Name}}", "--model_dir=/mnt/models"],
                        "ports": [{"containerPort": 8080}],
                        "volumeMounts": [{"name": "tmp", "mountPath": "/tmp"}]}],
        "volumes": [{"name": "tmp", "emptyDir": {}}],
    },
}


def inference_service(runtime="neuralforge-onnx", storage="pvc://models/runs/a/exports/e/", version="1"):
    return {"kind": "InferenceService", "metadata": {"name": "lenet", "namespace": "team-a"},
            "spec": {"predictor": {"model": {"modelFormat": {"name": "onnx", "version": version},
                                             "protocolVersion": "v2", "runtime": runtime,
                                             "storageUri": storage}}}}


def test_standard_mode_runs_the_runtimes_container_on_the_claim_read_only():
    deployment, service = kserve_standard_mode.standard_mode(RUNTIME, inference_service())
    pod = deployment["spec"]["template"]["spec"]
    container = pod["containers"][0]
    assert deployment["metadata"]["name"] == "lenet-predictor"
    assert container["args"] == ["--model_name=lenet", "--model_dir=/mnt/models"]
    assert {"name": "kserve-pvc-source", "mountPath": "/mnt/models", "subPath": "runs/a/exports/e/",
            "readOnly": True} in container["volumeMounts"]
    assert {"name": "kserve-pvc-source", "persistentVolumeClaim": {"claimName": "models"}} in pod["volumes"]
    assert {"name": "tmp", "emptyDir": {}} in pod["volumes"]
    assert service["spec"]["ports"] == [{"name": "http", "port": 80, "targetPort": 8080}]
    assert service["spec"]["selector"] == deployment["spec"]["selector"]["matchLabels"]
    # the runtime itself is left as it was
    assert RUNTIME["spec"]["containers"][0]["args"][0] == "--model_name={{.Name}}"


def test_standard_mode_refuses_what_kserve_refuses():
    for bad in (inference_service(runtime="kserve-tritonserver"), inference_service(version="2"),
                inference_service(storage="s3://bucket/x/")):
        try:
            kserve_standard_mode.standard_mode(RUNTIME, bad)
            assert False, bad
        except ValueError:
            pass


def test_a_dataset_picture_is_the_test_images_pixels_as_a_png(tmp_path):
    import gzip
    import struct
    import zlib
    folder = tmp_path / "fashion-mnist"
    folder.mkdir()
    pixels = bytes(range(12)) + bytes(range(100, 112))  # two 3x4 images
    with gzip.open(folder / "t10k-images-idx3-ubyte.gz", "wb") as f:
        f.write(struct.pack(">IIII", 2051, 2, 3, 4) + pixels)
    with gzip.open(folder / "t10k-labels-idx1-ubyte.gz", "wb") as f:
        f.write(struct.pack(">II", 2049, 2) + bytes([3, 9]))
    out = tmp_path / "p.png"
    assert dataset_picture.main(["x", str(tmp_path), "1", str(out)]) == 0
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (4, 3)
    idat = data.index(b"IDAT")
    length = struct.unpack(">I", data[idat - 4:idat])[0]
    raw = zlib.decompress(data[idat + 4:idat + 4 + length])
    assert raw == b"".join(b"\x00" + pixels[12 + 4 * r:12 + 4 * r + 4] for r in range(3))
