#!/usr/bin/env bash
# The official ONNX checker (full check), ONNX's strict shape inference and ONNX Runtime for Python
# on every example architecture and layer case we export, the output shapes compared to our
# validator's. The files come from ExampleExportsTest and OnnxExportParityTest (run by `make test`,
# or here when missing). `onnx` and `onnxruntime` come from PyPI (hack/python-env.sh). -v: a line
# per model.
set -euo pipefail
cd "$(dirname "$0")/.."
exports=trainer-image/target/onnx-examples
python=$(hack/python-env.sh)
if ! ls "$exports"/*.onnx >/dev/null 2>&1; then
  ${MVN:-mvn -B -ntp -q -Dstyle.color=never} -pl trainer-image -am test -Dtest='ExampleExportsTest,OnnxExportParityTest' \
    -Dsurefire.failIfNoSpecifiedTests=false >/dev/null
fi
"$python" hack/py/onnx_check.py "$exports" "${1:-}"
