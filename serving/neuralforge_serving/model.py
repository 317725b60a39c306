"""The served model: a kserve.Model around an ONNX Runtime session on the CPU. Requests are checked
against the graph's inputs (tensors.TensorSpec) before the session runs them."""

import asyncio
import uuid
from pathlib import Path
from typing import Dict, List, Optional

import numpy as np
import onnxruntime as ort
from kserve import Model
from kserve.errors import InferenceError, InvalidInput
from kserve.protocol.infer_type import InferOutput, InferRequest, InferResponse
from onnxruntime.capi.onnxruntime_pybind11_state import InvalidArgument

from .tensors import TensorSpec


class ModelLoadError(Exception):
    """The file is not a model this server can serve; the message is one line."""


class OnnxModel(Model):
    def __init__(self, name: str, path: Path, threads: int):
        super().__init__(name)
        self.path = path
        self.threads = threads
        self.session: Optional[ort.InferenceSession] = None
        self.inputs: List[TensorSpec] = []
        self.outputs: List[TensorSpec] = []

    def load(self) -> bool:
        options = ort.SessionOptions()
        options.intra_op_num_threads = self.threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3  # errors only: ONNX Runtime's warnings are not the user's
        try:
            self.session = ort.InferenceSession(str(self.path), options, providers=["CPUExecutionProvider"])
        except Exception as e:  # ONNX Runtime's errors have no common base class
            raise ModelLoadError(f"cannot load {self.path}: {_first_line(e)}") from None
        try:
            self.inputs = [TensorSpec.of("input", n) for n in self.session.get_inputs()]
            self.outputs = [TensorSpec.of("output", n) for n in self.session.get_outputs()]
        except ValueError as e:
            raise ModelLoadError(f"cannot serve {self.path}: {e}") from None
        self.ready = True
        return self.ready

    def get_input_types(self) -> List[Dict]:
        return [t.metadata() for t in self.inputs]

    def get_output_types(self) -> List[Dict]:
        return [t.metadata() for t in self.outputs]

    async def predict(self, payload, headers: Dict[str, str] = None):
        if isinstance(payload, InferRequest):
            return await self._infer(payload)
        if isinstance(payload, dict):
            return await self._predict_v1(payload)
        raise InvalidInput("request: expected a v1 body with instances or a v2 inference request")

    async def _infer(self, request: InferRequest) -> InferResponse:
        """The Open Inference Protocol v2 (REST, and gRPC when enabled)."""
        feeds = {}
        for tensor in request.inputs:
            spec = self._input(tensor.name)
            if spec.name in feeds:
                raise InvalidInput(f"input {spec.name}: given twice")
            raw = getattr(tensor, "_raw_data", None)  # gRPC's raw_input_contents
            feeds[spec.name] = spec.array(tensor.datatype, list(tensor.shape), tensor.data, raw)
        self._check_complete(feeds)
        wanted = self.outputs
        if request.request_outputs:
            by_name = {o.name: o for o in self.outputs}
            unknown = [o.name for o in request.request_outputs if o.name not in by_name]
            if unknown:
                raise InvalidInput(f"output {unknown[0]}: the model has no such output (its outputs: {self._names(self.outputs)})")
            wanted = [by_name[o.name] for o in request.request_outputs]
        results = await self._run(feeds, [o.name for o in wanted])
        outputs = [
            InferOutput(name=o.name, shape=list(r.shape), datatype=o.datatype, data=r)
            for o, r in zip(wanted, results)
        ]
        return InferResponse(
            response_id=request.id or str(uuid.uuid4()),
            model_name=self.name,
            infer_outputs=outputs,
            use_binary_outputs=request.use_binary_outputs,
            requested_outputs=request.request_outputs,
        )

    async def _predict_v1(self, body: dict) -> dict:
        """KServe's v1 protocol: {"instances": [...]}, one item per example (the batch is the first
        dimension); a model with several inputs takes items that name them."""
        instances = body.get("instances")
        if not isinstance(instances, list) or not instances:
            raise InvalidInput('request: a v1 body needs "instances", a list of one item per example')
        if all(isinstance(i, dict) for i in instances):
            columns = {}
            for index, instance in enumerate(instances):
                for name in instance:
                    self._input(name)
                for spec in self.inputs:
                    if spec.name not in instance:
                        raise InvalidInput(f"input {spec.name}: missing from instance {index}")
                    columns.setdefault(spec.name, []).append(instance[spec.name])
        elif len(self.inputs) == 1:
            columns = {self.inputs[0].name: instances}
        else:
            raise InvalidInput(
                f"request: the model has {len(self.inputs)} inputs ({self._names(self.inputs)}): "
                f"each instance must be an object naming them"
            )
        feeds = {}
        for spec in self.inputs:
            values = spec.values(columns[spec.name])
            feeds[spec.name] = spec.array(spec.datatype, list(values.shape), values)
        results = await self._run(feeds, [o.name for o in self.outputs])
        if len(results) == 1:
            return {"predictions": results[0].tolist()}
        count = len(instances)
        if all(r.ndim and r.shape[0] == count for r in results):
            return {"predictions": [{o.name: r[i].tolist() for o, r in zip(self.outputs, results)} for i in range(count)]}
        return {"predictions": {o.name: r.tolist() for o, r in zip(self.outputs, results)}}

    def _input(self, name: str) -> TensorSpec:
        for spec in self.inputs:
            if spec.name == name:
                return spec
        raise InvalidInput(f"input {name}: the model has no such input (its inputs: {self._names(self.inputs)})")

    def _check_complete(self, feeds: dict):
        for spec in self.inputs:
            if spec.name not in feeds:
                raise InvalidInput(f"input {spec.name}: missing from the request (the model's inputs: {self._names(self.inputs)})")

    @staticmethod
    def _names(specs: List[TensorSpec]) -> str:
        return ", ".join(s.name for s in specs)

    async def _run(self, feeds: Dict[str, np.ndarray], names: List[str]) -> List[np.ndarray]:
        """The session's run in the event loop's thread pool, so that health checks are answered
        while a large batch computes."""
        try:
            return await asyncio.get_running_loop().run_in_executor(None, self.session.run, names, feeds)
        except InvalidArgument as e:
            raise InvalidInput(f"request: ONNX Runtime refused the inputs: {_first_line(e)}") from None
        except Exception as e:
            raise InferenceError(f"ONNX Runtime failed: {_first_line(e)}") from None


def _first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
