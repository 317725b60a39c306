"""Small ONNX models made with onnx.helper, laid out as NeuralForge's export writes a model
repository, and the client the tests talk to a running server with."""

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 17
IR_VERSION = 8  # ONNX Runtime 1.23 loads IR versions up to 11


def classifier() -> onnx.ModelProto:
    """image FP32 [N, 1, 4, 4] -> Flatten -> Gemm (16 -> 3) -> Relu -> logits FP32 [N, 3]."""
    rng = np.random.default_rng(7)
    weight = numpy_helper.from_array(rng.normal(size=(16, 3)).astype(np.float32), "weight")
    bias = numpy_helper.from_array(rng.normal(size=(3,)).astype(np.float32), "bias")
    graph = helper.make_graph(
        [
            helper.make_node("Flatten", ["image"], ["flat"], axis=1),
            helper.make_node("Gemm", ["flat", "weight", "bias"], ["gemm"]),
            helper.make_node("Relu", ["gemm"], ["logits"]),
        ],
        "classifier",
        [helper.make_tensor_value_info("image", TensorProto.FLOAT, ["N", 1, 4, 4])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["N", 3])],
        [weight, bias],
    )
    return _model(graph)


def scorer() -> onnx.ModelProto:
    """ids INT64 [N, 5] and scale FP32 [N, 1] -> score FP32 [N, 2] = (float(ids) @ W) * scale, and
    best INT64 [N], the argmax of score."""
    weight = numpy_helper.from_array(np.arange(10, dtype=np.float32).reshape(5, 2) / 7, "weight")
    graph = helper.make_graph(
        [
            helper.make_node("Cast", ["ids"], ["ids_float"], to=TensorProto.FLOAT),
            helper.make_node("MatMul", ["ids_float", "weight"], ["product"]),
            helper.make_node("Mul", ["product", "scale"], ["score"]),
            helper.make_node("ArgMax", ["score"], ["best"], axis=1, keepdims=0),
        ],
        "scorer",
        [
            helper.make_tensor_value_info("ids", TensorProto.INT64, ["N", 5]),
            helper.make_tensor_value_info("scale", TensorProto.FLOAT, ["N", 1]),
        ],
        [
            helper.make_tensor_value_info("score", TensorProto.FLOAT, ["N", 2]),
            helper.make_tensor_value_info("best", TensorProto.INT64, ["N"]),
        ],
        [weight],
    )
    return _model(graph)


def _model(graph) -> onnx.ModelProto:
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    model.ir_version = IR_VERSION
    onnx.checker.check_model(model, full_check=True)
    return model


def write_repository(root: Path, name: str, model: onnx.ModelProto) -> Path:
    """<root>/<name>/1/model.onnx with what else the export writes beside it (config.pbtxt,
    samples/), which the server must ignore."""
    folder = root / name
    (folder / "1").mkdir(parents=True, exist_ok=True)
    (folder / "samples").mkdir(exist_ok=True)
    onnx.save(model, folder / "1" / "model.onnx")
    (folder / "config.pbtxt").write_text(f'name: "{name}"\nplatform: "onnxruntime_onnx"\n')
    (folder / "samples" / "request.json").write_text('{"inputs": []}\n')
    (folder / "samples" / "response.json").write_text('{"outputs": []}\n')
    return folder / "1" / "model.onnx"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Client:
    """A client of the server at base (http://host:port)."""

    def __init__(self, base: str):
        self.base = base

    def exited(self) -> str:
        """Why the server is gone, or "" while it runs (a server started elsewhere: never known)."""
        return ""

    def wait_ready(self, seconds: float = 60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.exited():
                raise RuntimeError(self.exited())
            try:
                if self.get("/v2/health/ready")[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"the server at {self.base} was not ready in {seconds} s {self.exited()}")

    def get(self, path: str):
        return self.request("GET", path)

    def post(self, path: str, body, headers=None):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        return self.request("POST", path, data, {"content-type": "application/json", **(headers or {})})

    def request(self, method: str, path: str, data: bytes = None, headers=None):
        """(status, body as JSON when it is JSON else bytes, headers)"""
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, raw, got = response.status, response.read(), response.headers
        except urllib.error.HTTPError as e:
            status, raw, got = e.code, e.read(), e.headers
        try:
            return status, json.loads(raw), got
        except ValueError:
            return status, raw, got


class Server(Client):
    """`python -m neuralforge_serving` in a subprocess on a free port."""

    def __init__(self, model_dir: Path, model_name: str):
        port = free_port()
        super().__init__(f"http://127.0.0.1:{port}")
        self.log = Path(model_dir) / f"server-{model_name}.log"
        self._log_file = open(self.log, "wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "neuralforge_serving", f"--model_name={model_name}",
             f"--model_dir={model_dir}", f"--http_port={port}"],
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            cwd=Path(__file__).resolve().parents[1],
        )

    def exited(self) -> str:
        if self.process.poll() is None:
            return ""
        return f"the server exited with {self.process.returncode}: {self.log.read_text()}"

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._log_file.close()
