#!/usr/bin/env bash
# Prints the path of a Python with the packages the checks in hack/ and the PyTorch comparison of
# the validator (graph module) use, pinned, from PyPI, in a virtual environment under
# ~/.cache/neuralforge (made once; torch from PyPI is the CUDA build, used on CPU here).
set -euo pipefail
packages=(onnx==1.19.1 onnxruntime==1.23.2 PyYAML==6.0.3 pytest==8.4.2 torch==2.15.0)
key=$(printf '%s\n' "${packages[@]}" | sha256sum | cut -c1-12)
venv="${NEURALFORGE_CACHE:-$HOME/.cache/neuralforge}/python-$key"
if [[ ! -x "$venv/bin/python" ]] || [[ ! -f "$venv/.complete" ]]; then
  rm -rf "$venv"
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check "${packages[@]}" >&2
  touch "$venv/.complete"
  # venvs of earlier package pins are never used again (torch alone is gigabytes)
  find "$(dirname "$venv")" -maxdepth 1 -name 'python-*' ! -name "python-$key" -exec rm -rf {} +
fi
echo "$venv/bin/python"
