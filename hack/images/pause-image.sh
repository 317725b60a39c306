#!/usr/bin/env bash
# The pod sandbox ("pause") image for the real node's containerd: Kubernetes' own pause.c from the
# module the control plane is built from, compiled statically and committed into an image from
# scratch. Cached as a docker-archive; prints "NAME ARCHIVE" like images.sh.
set -euo pipefail
hack="$(cd "$(dirname "$0")/.." && pwd)"
source "$hack/versions.sh"
command -v go >/dev/null || export PATH="/usr/local/go/bin:$PATH"
name=neuralforge/pause:3.10.2
archive="$NEURALFORGE_CACHE/images/pause-$K8S_VERSION.tar"
if [[ ! -f "$archive" ]]; then
  mkdir -p "$(dirname "$archive")"
  module=$(cd "$hack/k8s" && go mod download -json "k8s.io/kubernetes@$K8S_VERSION" |
    sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
  scratch=$(mktemp -d)
  trap 'rm -rf "$scratch"' EXIT
  gcc -Os -Wall -static -DVERSION="$K8S_VERSION" -o "$scratch/pause" "$module/build/pause/linux/pause.c"
  container=$(buildah from --quiet scratch)
  buildah copy --quiet "$container" "$scratch/pause" /pause >/dev/null
  buildah config --entrypoint '["/pause"]' --user 65535:65535 "$container"
  buildah commit --quiet --rm "$container" "localhost/$name" >/dev/null
  buildah push --quiet "localhost/$name" "docker-archive:$archive.partial:docker.io/$name"
  buildah rmi "localhost/$name" >/dev/null
  mv "$archive.partial" "$archive"
fi
echo "$name $archive"
