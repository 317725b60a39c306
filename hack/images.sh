#!/usr/bin/env bash
# make images: builds the operator image and the trainer image (cpu and cuda) with docker or
# podman, when one exists. Without a container engine it says so and checks what it can: that
# the entrypoints the chart and the Jobs call exist in the build and answer --help.
set -euo pipefail
cd "$(dirname "$0")/.."
engine=$(command -v docker || command -v podman || true)
if [[ -n "$engine" ]]; then
  "$engine" build -f operator/Dockerfile -t neuralforge/operator:0.1.0 .
  "$engine" build -f trainer-image/Dockerfile --build-arg VARIANT=cpu -t neuralforge/trainer:0.1.0-cpu .
  "$engine" build -f trainer-image/Dockerfile --build-arg VARIANT=cuda -t neuralforge/trainer:0.1.0-cuda .
  exit 0
fi
echo "images: no docker or podman here; checking the images' entrypoints in the build instead" >&2
hack/entrypoints-test.sh
