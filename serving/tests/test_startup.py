"""Where the server finds its model, and how it fails when it cannot: one line, exit code 1."""

import subprocess
import sys
from pathlib import Path

import models
import pytest
from neuralforge_serving.locate import ModelFileMissing, locate_model

SERVING = Path(__file__).resolve().parents[1]


def test_the_model_named_in_the_repository(tmp_path):
    models.write_repository(tmp_path, "a", models.classifier())
    models.write_repository(tmp_path, "b", models.classifier())
    assert locate_model(str(tmp_path), "b") == tmp_path / "b" / "1" / "model.onnx"


def test_fallbacks(tmp_path):
    only = models.write_repository(tmp_path / "repo", "exported-name", models.classifier())
    assert locate_model(str(tmp_path / "repo"), "isvc-name") == only  # the one */1/model.onnx
    assert locate_model(str(tmp_path / "repo" / "exported-name"), "isvc-name") == only  # 1/model.onnx
    assert locate_model(str(only.parent), "isvc-name") == only  # model.onnx


def test_two_models_and_none_named(tmp_path):
    models.write_repository(tmp_path, "a", models.classifier())
    models.write_repository(tmp_path, "b", models.classifier())
    with pytest.raises(ModelFileMissing, match=r"holds 2 models \(a, b\): name one with --model_name"):
        locate_model(str(tmp_path), "c")


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "neuralforge_serving", *args], cwd=SERVING, capture_output=True, text=True, timeout=60
    )


def test_no_model_fails_in_one_line(tmp_path):
    result = run("--model_name=m", f"--model_dir={tmp_path}", "--http_port=1")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"neuralforge-serving: no model under {tmp_path}: looked for m/1/model.onnx, 1/model.onnx, "
        "model.onnx and */1/model.onnx"
    ]


def test_a_file_that_is_no_model_fails_in_one_line(tmp_path):
    (tmp_path / "m" / "1").mkdir(parents=True)
    (tmp_path / "m" / "1" / "model.onnx").write_bytes(b"not a model")
    result = run("--model_name=m", f"--model_dir={tmp_path}", "--http_port=1")
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.startswith(f"neuralforge-serving: cannot load {tmp_path}/m/1/model.onnx: ")


def test_a_model_under_another_name_is_served_under_the_name_given(tmp_path):
    models.write_repository(tmp_path, "exported-name", models.classifier())
    server = models.Server(tmp_path, "isvc-name")
    try:
        server.wait_ready()
        status, body, _ = server.get("/v2/models/isvc-name")
        assert status == 200 and body["inputs"][0]["name"] == "image"
    finally:
        server.stop()
