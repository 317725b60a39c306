#!/usr/bin/env bash
# make images: the operator image, the CPU and CUDA trainer images and the serving image, built here
# with no registry and no daemon: buildah builds the project's own Dockerfiles (the files Docker users
# build) on Debian bases made by hack/images/base-images.sh, from a clean export of the files the
# Dockerfiles copy.
# The build steps use this machine's Maven repository and trust store (a proxy's CA, where one
# intercepts TLS), mounted, never copied into an image.
# Each image is kept as a docker-archive under $NEURALFORGE_CACHE/images, keyed by everything that
# goes into it (the files its Dockerfile copies, its Dockerfile, its base images), so an unchanged
# tree builds nothing, and a change to the Java sources does not rebuild the serving image nor the
# other way round. The wheels of the CUDA trainer (trainer-image/cuda-wheels.txt, 2.7 GB from PyPI)
# and of the serving image (serving/requirements.txt) are downloaded once, into
# $NEURALFORGE_CACHE/cuda-wheels and serving-wheels, mounted where the Dockerfiles download them.
# Prints one line per image: NAME ARCHIVE.
set -euo pipefail
hack="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$hack/.." && pwd)"
source "$hack/versions.sh"
"$hack/images/ensure-packages.sh"
cache="$NEURALFORGE_CACHE/images"
mkdir -p "$cache"
bases=$("$hack/images/base-images.sh") # BUILD_BASE, RUNTIME_BASE, PYTHON_BASE; a failure stops here
eval "$bases"
export BUILDAH_RUNTIME=/usr/sbin/runc   # crun, where installed, refuses this machine's hybrid cgroups

# What the Dockerfiles COPY; a build context holds exactly these files (tracked, or new and not
# ignored), never a work tree's target/ folders, nor tests (nothing of them goes into an image, so
# editing a test rebuilds nothing).
java_sources=(pom.xml test-support graph diagram crd-generator crds operator trainer-image cli bin hack/fetch-datasets.sh)
serving_sources=(serving/requirements.txt serving/neuralforge_serving)
files() { # paths...
  git -C "$repo" ls-files -z --cached --others --exclude-standard -- "$@" ':!:*/src/test/*'
}
digest() { # paths...
  (cd "$repo" && files "$@" | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-64)
}

image_id() { buildah inspect --type image --format '{{.FromImageID}}' "$1"; }

# build NAME DOCKERFILE VARIANT SOURCES WHEELS ARG=BASE...: SOURCES names an array of the paths the
# Dockerfile copies, WHEELS the cache mounted at /wheels, each ARG=BASE a base image's build argument.
build() {
  local name=$1 dockerfile=$2 variant=$3 wheels=$5 key archive context short base
  local -n sources=$4
  shift 5
  short=$(basename "${name/:/-}") # operator-0.1.0, trainer-0.1.0-cpu, trainer-0.1.0-cuda, serving-0.1.0
  local key_parts=("$name" "$variant" "$(digest "${sources[@]}")") build_args=()
  for base in "$@"; do
    key_parts+=("$(image_id "${base#*=}")")
    build_args+=(--build-arg "$base")
  done
  [[ -z $variant ]] || build_args+=(--build-arg "VARIANT=$variant")
  key=$(printf '%s\n' "${key_parts[@]}" "$(sha256sum < "$repo/$dockerfile")" | sha256sum | cut -c1-16)
  archive="$cache/$short-$key.tar"
  if [[ ! -f "$archive" ]]; then
    echo "images: building $name from $dockerfile (cached by content as $(basename "$archive"))" >&2
    context=$(mktemp -d)
    (cd "$repo" && files "${sources[@]}" | tar --null -T - -cf - | tar -xf - -C "$context")
    local started=$SECONDS
    mkdir -p "$wheels"
    buildah bud --quiet --pull=never --layers=false --network=host \
      --volume "$HOME/.m2:/root/.m2" --volume /etc/ssl/certs:/etc/ssl/certs:ro \
      --volume "$wheels:/wheels" "${build_args[@]}" -f "$repo/$dockerfile" -t "localhost/$name" "$context" >/dev/null
    rm -rf "$context"
    # the docker-archive names the image as CRI resolves it: docker.io/<name>
    buildah push --quiet "localhost/$name" "docker-archive:$archive.partial:docker.io/$name"
    mv "$archive.partial" "$archive"
    # one archive per image: an older build of it is never used again
    find "$cache" -maxdepth 1 -name "$short-*.tar" ! -name "$(basename "$archive")" -delete
    buildah rmi -f "localhost/$name" >/dev/null 2>&1 || true
    buildah rmi --prune >/dev/null 2>&1 || true # the build stages' layers
    echo "images: $name built in $((SECONDS - started)) s, $(du -h "$archive" | cut -f1)" >&2
  fi
  echo "$name $archive"
}

mkdir -p "$HOME/.m2"
java=(BUILD_IMAGE="$BUILD_BASE" RUNTIME_IMAGE="$RUNTIME_BASE")
cuda_wheels=$NEURALFORGE_CACHE/cuda-wheels
build neuralforge/operator:0.1.0 operator/Dockerfile cpu java_sources "$cuda_wheels" "${java[@]}"
build neuralforge/trainer:0.1.0-cpu trainer-image/Dockerfile cpu java_sources "$cuda_wheels" "${java[@]}"
build neuralforge/trainer:0.1.0-cuda trainer-image/Dockerfile cuda java_sources "$cuda_wheels" "${java[@]}"
build neuralforge/serving:0.1.0 serving/Dockerfile "" serving_sources "$NEURALFORGE_CACHE/serving-wheels" \
  PYTHON_IMAGE="$PYTHON_BASE"
