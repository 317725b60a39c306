"""make bench's anchor: ONNX shape inference of the same network the validator is timed on.

Builds the Architecture spec from torch.nn modules (torch_oracle.GraphNet), exports it with
PyTorch's TorchScript ONNX exporter (evaluation mode, opset 17, as torchvision's ResNet-50 is
usually exported), drops the Identity nodes constant folding leaves (what remains is torchvision's ResNet-50
graph: 53 Conv with batch norm folded in, 49 Relu, 16 Add, MaxPool, GlobalAveragePool, Flatten,
Gemm), strips the weights (each initializer becomes a graph input of the same type and
shape, so shape inference sees every shape but no data) and times onnx.shape_inference.infer_shapes
on that model in this process. Prints one JSON line: microseconds (the median of the timed
rounds), onnxNodes, torch and onnx versions.

Usage: bench_onnx.py GRAPH.json [SECONDS]
"""

import io
import json
import statistics
import sys
import time
import warnings

import onnx
import torch
from onnx import helper, shape_inference

import torch_oracle


def exported(spec):
    net = torch_oracle.GraphNet(spec).eval()
    example = torch.zeros([1, *spec["inputs"][0]["shape"]])
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the TorchScript exporter's deprecation notice
        torch.onnx.export(net, (example,), buffer, dynamo=False, opset_version=17)
    return onnx.load_from_string(buffer.getvalue())


def without_weights(model):
    graph = model.graph
    # constant folding leaves an Identity per folded weight; torchvision's export has none
    alias = {n.output[0]: n.input[0] for n in graph.node if n.op_type == "Identity"}
    kept = [n for n in graph.node if n.op_type != "Identity"]
    for node in kept:
        node.input[:] = [alias.get(name, name) for name in node.input]
    del graph.node[:]
    graph.node.extend(kept)
    for weight in graph.initializer:
        graph.input.append(helper.make_tensor_value_info(weight.name, weight.data_type, weight.dims))
    del graph.initializer[:]
    del graph.value_info[:]
    for output in graph.output:
        output.type.tensor_type.ClearField("shape")
    return model


def main(graph_file, seconds):
    model = without_weights(exported(json.load(open(graph_file))))
    inferred = shape_inference.infer_shapes(model, strict_mode=True)
    if not inferred.graph.output[0].type.tensor_type.shape.dim:
        raise SystemExit("ONNX shape inference did not reach the output")
    rounds = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline or len(rounds) < 20:
        start = time.perf_counter()
        shape_inference.infer_shapes(model, strict_mode=True)
        rounds.append(time.perf_counter() - start)
    warm = rounds[len(rounds) // 5 :]  # the first fifth warms caches
    print(
        json.dumps(
            {
                "microseconds": statistics.median(warm) * 1e6,
                "onnxNodes": len(model.graph.node),
                "rounds": len(warm),
                "torch": torch.__version__,
                "onnx": onnx.__version__,
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 10.0)
