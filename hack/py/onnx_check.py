"""The official ONNX checker (full check), strict shape inference and a run in ONNX Runtime for
Python on every exported model in a folder, its output shapes compared to the validator's (the
.shapes.json beside each file). Used by hack/onnx-check.sh."""
import glob
import json
import os
import sys

import numpy as np
import onnx
import onnxruntime
from onnx import shape_inference


def check(path, expected):
    """Raises, with one line saying why, unless the model passes every check."""
    model = onnx.load(path)
    onnx.checker.check_model(model, full_check=True)
    # forget the declared output shapes, so that inference has to find them itself
    for out in model.graph.output:
        out.type.tensor_type.ClearField("shape")
    inferred = shape_inference.infer_shapes(model, strict_mode=True)
    got = {o.name: [d.dim_param or d.dim_value for d in o.type.tensor_type.shape.dim]
           for o in inferred.graph.output}
    if got != expected:
        raise ValueError("inferred output shapes %s, the validator says %s" % (got, expected))
    # and ONNX Runtime for Python runs it, a batch of 3, with the validator's output shapes
    session = onnxruntime.InferenceSession(path, providers=["CPUExecutionProvider"])
    feeds = {}
    for i in session.get_inputs():
        dims = [3 if isinstance(d, str) else d for d in i.shape]
        feeds[i.name] = (np.random.randint(0, 2, size=dims).astype(np.int64)
                         if i.type == "tensor(int64)"
                         else np.random.randn(*dims).astype(np.float32))
    for o, value in zip(session.get_outputs(), session.run(None, feeds)):
        want = [3 if d == "batch" else d for d in expected[o.name]]
        if list(value.shape) != want:
            raise ValueError("ONNX Runtime returned %s for %s, the validator says %s" % (
                list(value.shape), o.name, want))
    return model


def main(folder, verbose):
    failures = 0
    files = sorted(glob.glob(os.path.join(folder, "**", "*.onnx"), recursive=True))
    for path in files:
        name = os.path.relpath(path, folder)[: -len(".onnx")]
        expected = json.load(open(path[: -len(".onnx")] + ".shapes.json"))["outputs"]
        try:
            model = check(path, expected)
            if verbose:
                print("onnx-check: %-34s ok  opset %d, outputs %s" % (
                    name, model.opset_import[0].version, expected))
        except Exception as e:  # one line per failing file, then carry on with the rest
            failures += 1
            print("onnx-check: %-34s FAILED: %s" % (name, str(e).splitlines()[0]))
    if not files:
        print("onnx-check: no exported examples in %s" % folder)
        return 1
    print("onnx-check: %d of %d exported models pass the ONNX checker (onnx %s, full check), strict"
          " shape inference and a run in ONNX Runtime %s, output shapes as the validator's" % (
              len(files) - failures, len(files), onnx.__version__, onnxruntime.__version__))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], len(sys.argv) > 2 and sys.argv[2] == "-v"))
