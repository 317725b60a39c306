#!/usr/bin/env bash
# Prints the path of a Python with pinned packages from PyPI, in a virtual environment under
# ~/.cache/neuralforge (made once per set of pins).
#   hack/python-env.sh              the checks in hack/, the PyTorch comparison of the validator
#                                   (graph module) and the MLflow tracking test (trainer-image: a real
#                                   `mlflow server` the trainer logs to). torch from PyPI is the CUDA
#                                   build, used on CPU here; mlflow is the full package, with the
#                                   server and its SQLite store, not mlflow-skinny; 3.17.2, since PyPI
#                                   here serves no mlflow-skinny 3.18.0.
#   hack/python-env.sh torch-2.7.1  make bench-train's anchor: PyTorch 2.7.1, the very libtorch the
#                                   trainer's engine (DJL's pytorch-native 2.7.1) runs.
#   hack/python-env.sh optuna       the judge of the sweeps' early-stopping rules and TPE search:
#                                   Optuna 5.0 (its pruners and samplers, with numpy).
#   hack/python-env.sh serving      the serving image's packages exactly (serving/requirements.txt,
#                                   by hash) for its tests, plus pytest and onnx (which builds their
#                                   models); a new requirements.txt makes a new venv.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
set_name=${1:-tools}
requirements= # a hashed requirements file installed first, as the image installs it
case "$set_name" in
  tools) packages=(onnx==1.19.1 onnxruntime==1.23.2 PyYAML==6.0.3 pytest==8.4.2 torch==2.15.0
    mlflow==3.17.2) ;;
  torch-2.7.1) packages=(torch==2.7.1 numpy==2.4.6 PyYAML==6.0.3) ;;
  optuna) packages=(optuna==5.0.0 numpy==2.4.6) ;;
  serving) requirements=$repo/serving/requirements.txt packages=(pytest==8.4.2 onnx==1.19.1) ;;
  *) echo "python-env.sh: no package set $set_name (tools, torch-2.7.1, optuna, serving)" >&2; exit 2 ;;
esac
pins=("${packages[@]}")
[[ -z $requirements ]] || pins+=("$(sha256sum <"$requirements" | cut -c1-64)")
key=$(printf '%s\n' "${pins[@]}" | sha256sum | cut -c1-12)
venv="${NEURALFORGE_CACHE:-$HOME/.cache/neuralforge}/python-$set_name-$key"
# one maker at a time: a second caller (a test while make test runs hack/) waits for the first
mkdir -p "$(dirname "$venv")"
exec 9>"$(dirname "$venv")/.python-env.lock"
flock 9
if [[ ! -x "$venv/bin/python" ]] || [[ ! -f "$venv/.complete" ]]; then
  rm -rf "$venv"
  python3 -m venv "$venv" >&2
  if [[ -n $requirements ]]; then
    "$venv/bin/pip" install --quiet --disable-pip-version-check --require-hashes --no-deps \
      --only-binary=:all: -r "$requirements" >&2
  fi
  "$venv/bin/pip" install --quiet --disable-pip-version-check "${packages[@]}" >&2
  touch "$venv/.complete"
  # venvs of this set's earlier pins, and those named before sets had names (python-<key>), are
  # never used again (torch alone is gigabytes)
  find "$(dirname "$venv")" -maxdepth 1 \( -name "python-$set_name-*" ! -name "python-$set_name-$key" \
    -o -regextype posix-extended -regex '.*/python-[0-9a-f]{12}' \) -exec rm -rf {} +
fi
echo "$venv/bin/python"
