"""The model's tensors as the v2 protocol names them, and the check of a request's tensor against
them: every problem becomes one InvalidInput (HTTP 400) naming the tensor, before ONNX Runtime sees
the data."""

import math
from dataclasses import dataclass
from typing import List, Optional, Sequence

import numpy as np
from kserve.errors import InvalidInput
from kserve.utils.numpy_codec import to_np_dtype

# ONNX Runtime's element types that the server serves (as tensor(<type>)), each with its v2 datatype
V2_DATATYPES = {
    "float": "FP32",
    "float16": "FP16",
    "double": "FP64",
    "bool": "BOOL",
    **{t: t.upper() for t in ("int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64")},
}
# numpy's type of each of those v2 datatypes
NUMPY_TYPES = {v2: np.dtype(to_np_dtype(v2)) for v2 in V2_DATATYPES.values()}
# bytes per element of each (BYTES, which has no fixed size, is not served)
ITEM_SIZES = {v2: t.itemsize for v2, t in NUMPY_TYPES.items()}


def shape_text(shape: Sequence[int]) -> str:
    return "[" + ", ".join(str(d) for d in shape) + "]"


@dataclass(frozen=True)
class TensorSpec:
    """One input or output of the ONNX graph: its name, v2 datatype and shape (-1 where the graph
    has a symbolic or unknown dimension, as the batch)."""

    name: str
    datatype: str
    shape: tuple
    dtype: np.dtype

    @classmethod
    def of(cls, kind: str, node) -> "TensorSpec":
        """From ONNX Runtime's description of an input or output (its NodeArg); a ValueError names
        the tensor when the server cannot serve it."""
        onnx_type = node.type.removeprefix("tensor(").removesuffix(")")
        if not node.type.startswith("tensor(") or onnx_type not in V2_DATATYPES:
            served = ", ".join(V2_DATATYPES)
            raise ValueError(f"{kind} {node.name} has ONNX type {node.type}; this server serves tensors of {served}")
        if node.shape is None:
            if kind == "input":
                raise ValueError(f"input {node.name} has no shape in the ONNX graph")
            dims = (-1,)  # an output of unknown rank: v2 metadata needs a shape
        else:
            dims = tuple(d if isinstance(d, int) and d >= 0 else -1 for d in node.shape)
        datatype = V2_DATATYPES[onnx_type]
        return cls(node.name, datatype, dims, NUMPY_TYPES[datatype])

    def metadata(self) -> dict:
        return {"name": self.name, "datatype": self.datatype, "shape": list(self.shape)}

    def fits(self, shape: Sequence[int]) -> bool:
        return len(shape) == len(self.shape) and all(
            d >= 0 and (want < 0 or d == want) for d, want in zip(shape, self.shape)
        )

    def array(self, datatype: str, shape: List[int], data, raw: Optional[bytes] = None) -> np.ndarray:
        """The request's tensor as the array ONNX Runtime takes, from JSON data (a flat or nested
        list) or raw bytes (gRPC's raw contents)."""
        if datatype != self.datatype:
            raise InvalidInput(f"input {self.name}: datatype {datatype} does not match the model's {self.datatype}")
        if not self.fits(shape):
            raise InvalidInput(f"input {self.name}: shape {shape_text(shape)} does not fit {shape_text(self.shape)}")
        count = math.prod(shape)
        if raw is not None:
            if len(raw) != count * self.dtype.itemsize:
                raise InvalidInput(
                    f"input {self.name}: {len(raw)} bytes do not hold shape {shape_text(shape)} of "
                    f"{self.datatype} ({count * self.dtype.itemsize} bytes)"
                )
            return np.frombuffer(raw, dtype=self.dtype).reshape(shape)
        values = self.values(data)
        if values.size != count:
            raise InvalidInput(
                f"input {self.name}: {values.size} values do not fill shape {shape_text(shape)} ({count} needed)"
            )
        return values.astype(self.dtype, copy=False).reshape(shape)

    def values(self, data) -> np.ndarray:
        """The values as numpy reads them, checked to be of the datatype's kind and range."""
        if self.dtype.kind == "b":
            kinds, what = "b", "true or false"
        elif self.dtype.kind in "iu":
            kinds, what = "iu", "integers"
        else:
            kinds, what = "iuf", "numbers"
        try:
            values = np.asarray(data)
        except (ValueError, TypeError):  # ragged lists
            values = None
        if values is None or (values.size and values.dtype.kind not in kinds):
            raise InvalidInput(f"input {self.name}: data must be a flat or nested list of {what} for {self.datatype}")
        if values.size and self.dtype.kind in "iu":
            limits = np.iinfo(self.dtype)
            if values.min() < limits.min or values.max() > limits.max:
                raise InvalidInput(f"input {self.name}: a value lies outside {self.datatype}'s range")
        return values
