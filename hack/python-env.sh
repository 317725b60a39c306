#!/usr/bin/env bash
# Prints the path of a Python with the packages the checks in hack/, the PyTorch comparison of the
# validator (graph module) and the MLflow tracking test (trainer-image: a real `mlflow server` the
# trainer logs to) use, pinned, from PyPI, in a virtual environment under ~/.cache/neuralforge (made
# once; torch from PyPI is the CUDA build, used on CPU here; mlflow is the full package, with the
# server and its SQLite store, not mlflow-skinny; 3.17.2, since PyPI here serves no mlflow-skinny
# 3.18.0).
set -euo pipefail
packages=(onnx==1.19.1 onnxruntime==1.23.2 PyYAML==6.0.3 pytest==8.4.2 torch==2.15.0
  mlflow==3.17.2)
key=$(printf '%s\n' "${packages[@]}" | sha256sum | cut -c1-12)
venv="${NEURALFORGE_CACHE:-$HOME/.cache/neuralforge}/python-$key"
# one maker at a time: a second caller (a test while make test runs hack/) waits for the first
mkdir -p "$(dirname "$venv")"
exec 9>"$(dirname "$venv")/.python-env.lock"
flock 9
if [[ ! -x "$venv/bin/python" ]] || [[ ! -f "$venv/.complete" ]]; then
  rm -rf "$venv"
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check "${packages[@]}" >&2
  touch "$venv/.complete"
  # venvs of earlier package pins are never used again (torch alone is gigabytes)
  find "$(dirname "$venv")" -maxdepth 1 -name 'python-*' ! -name "python-$key" -exec rm -rf {} +
fi
echo "$venv/bin/python"
