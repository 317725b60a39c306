#!/usr/bin/env bash
# The base images the Dockerfiles build FROM, made here from Debian packages because no container
# registry is reachable: a JDK + Maven image for the Java build stages, a JRE image for their
# runtime stages, and a Python 3.11 image (with venv) for both stages of the serving image. Each is a `mmdebstrap --variant=minbase` root filesystem of Debian bookworm
# committed into an image with buildah, cached under $NEURALFORGE_CACHE/images by a key of what
# goes into it. Prints BUILD_BASE=<image>, RUNTIME_BASE=<image> and PYTHON_BASE=<image>, for images.sh.
set -euo pipefail
hack="$(cd "$(dirname "$0")/.." && pwd)"
source "$hack/versions.sh"
cache="$NEURALFORGE_CACHE/images"
mkdir -p "$cache"
suite=bookworm
mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)
mirror=${mirror:-http://deb.debian.org/debian}

# name packages: each base, and what it holds beyond minbase
# Bump when the way a base is made changes (it is part of each base's cache key).
recipe=2
declare -A packages=(
  [jdk-maven]="ca-certificates openjdk-17-jdk-headless maven"
  [jre]="ca-certificates openjdk-17-jre-headless"
  [python]="ca-certificates python3 python3-venv"
)

base_image() { # name -> prints the image name, building it when the cache lacks it
  local name=$1 key tarball image
  key=$(printf '%s\n' "$recipe" "$suite" "$mirror" "${packages[$name]}" | sha256sum | cut -c1-16)
  image="localhost/neuralforge-base/$name:$suite-$key"
  tarball="$cache/base-$name-$key.tar"
  if buildah inspect --type image "$image" >/dev/null 2>&1; then
    echo "$image"
    return
  fi
  if [[ ! -f "$tarball" ]]; then
    echo "base-images: mmdebstrap $suite + ${packages[$name]} (a few minutes, once)" >&2
    rm -rf "${tarball%.tar}.partial.tar"
    mmdebstrap --quiet --variant=minbase --include="${packages[$name]// /,}" \
      --aptopt='Acquire::Retries "3"' --dpkgopt='path-exclude=/usr/share/doc/*' \
      --dpkgopt='path-exclude=/usr/share/locale/*' \
      "$suite" "${tarball%.tar}.partial.tar" "$mirror" >&2
    mv "${tarball%.tar}.partial.tar" "$tarball"
  fi
  local container
  container=$(buildah from --quiet scratch)
  buildah add --quiet "$container" "$tarball" / >/dev/null
  local java=()
  [[ $name == python ]] || java=(--env JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64)
  buildah config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    --env LANG=C.UTF-8 "${java[@]}" --cmd /bin/bash --label "io.neuralforge.base=$name" "$container"
  buildah commit --quiet --rm "$container" "$image" >/dev/null
  echo "$image"
}

build_base=$(base_image jdk-maven)
runtime_base=$(base_image jre)
python_base=$(base_image python)
echo "BUILD_BASE=$build_base"
echo "RUNTIME_BASE=$runtime_base"
echo "PYTHON_BASE=$python_base"
