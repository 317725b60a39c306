#!/usr/bin/env bash
# The serving image as built (make images) runs as Pod Security "restricted" runs it: its ENTRYPOINT
# and USER, a read-only root filesystem and no writable path at all (not even /tmp), no
# capabilities, no new privileges, a model repository (as the export writes it) read-only at
# /mnt/models and the ClusterServingRuntime's args. runc runs it on the unpacked image, in this
# machine's network namespace on a free loopback port; serving/tests/image_check.py then asks it for
# v2 metadata and inference and compares the answer with ONNX Runtime's. Needs root, like make images.
set -euo pipefail
cd "$(dirname "$0")/.."
export BUILDAH_RUNTIME=/usr/sbin/runc
archive=$(hack/images.sh | awk '$1 == "neuralforge/serving:0.1.0" {print $2}')
python=$(hack/python-env.sh serving)
work=$(mktemp -d)
id=neuralforge-serving-test-$$
container= image=
cleanup() {
  runc delete --force "$id" >/dev/null 2>&1 || true
  if [[ -n $container ]]; then buildah rm "$container" >/dev/null 2>&1 || true; fi
  if [[ -n $image ]]; then buildah rmi --force "$image" >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

container=$(buildah from --quiet --pull-never "docker-archive:$archive")
image=$(buildah inspect --type container --format '{{.FromImageID}}' "$container")
rootfs=$(buildah mount "$container")
buildah inspect --type container "$container" >"$work/image.json"
mkdir -p "$work/models" "$work/bundle"
PYTHONPATH=serving/tests "$python" -c \
  'import models, sys; models.write_repository(__import__("pathlib").Path(sys.argv[1]), "classifier", models.classifier())' \
  "$work/models"
chmod -R a+rX "$work" # the server runs as 65532
port=$(PYTHONPATH=serving/tests "$python" -c 'import models; print(models.free_port())')
runc spec --bundle "$work/bundle"
PYTHONPATH=serving/tests "$python" serving/tests/image_check.py bundle "$work/bundle" "$rootfs" "$work/image.json" \
  "$work/models" "$port"
started=$SECONDS
runc run --detach --bundle "$work/bundle" "$id" >"$work/server.log" 2>&1
if ! PYTHONPATH=serving/tests "$python" serving/tests/image_check.py check "http://127.0.0.1:$port" "$work/models"; then
  echo "serving-image-test: the server's output:" >&2
  cat "$work/server.log" >&2
  exit 1
fi
echo "serving-image-test: ready and answering in $((SECONDS - started)) s"
runc kill "$id" TERM
for _ in $(seq 50); do [[ $(runc state "$id" 2>/dev/null | grep -o '"status": "[a-z]*"') == *stopped* ]] && break; sleep 0.2; done
grep -q "Traceback" "$work/server.log" && { echo "serving-image-test: a trace in the server's output:" >&2; cat "$work/server.log" >&2; exit 1; }
echo "serving-image-test: stopped on SIGTERM ($(runc state "$id" | grep -o '"status": "[a-z]*"'))"
