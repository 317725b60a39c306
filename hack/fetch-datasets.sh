#!/usr/bin/env bash
# Puts the builtin datasets where the trainer finds them by default ($NEURALFORGE_DATASETS, else
# ~/.cache/neuralforge/datasets), from Debian's packages: Fashion-MNIST's official split from
# dataset-fashion-mnist, and the digits and iris data files from python3-sklearn. Only the data
# files are taken (apt-get download + dpkg -x): nothing is installed. A second run does nothing.
set -euo pipefail
target=${NEURALFORGE_DATASETS:-$HOME/.cache/neuralforge/datasets}
if [[ -f "$target/fashion-mnist/train-images-idx3-ubyte.gz" && -f "$target/digits/digits.csv.gz" && -f "$target/iris/iris.csv" ]]; then
  exit 0
fi
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
chmod 777 "$scratch" # apt-get download runs as the _apt user where it can
cd "$scratch"
packages=(dataset-fashion-mnist python3-sklearn)
if ! apt-get download "${packages[@]}" >/dev/null 2>&1; then
  sudo_cmd=""
  [[ $(id -u) -eq 0 ]] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq >/dev/null
  apt-get download "${packages[@]}" >/dev/null 2>&1 || { echo "fetch-datasets: apt-get download ${packages[*]} failed" >&2; exit 1; }
fi
for deb in ./*.deb; do dpkg -x "$deb" extracted; done
mkdir -p "$target/fashion-mnist" "$target/digits" "$target/iris"
cp extracted/usr/share/datasets/fashion-mnist/*.gz "$target/fashion-mnist/"
cp extracted/usr/share/doc/dataset-fashion-mnist/README.md.gz "$target/fashion-mnist/" 2>/dev/null || true
sklearn=$(find extracted -type d -path '*sklearn/datasets/data' | head -1)
cp "$sklearn/digits.csv.gz" "$target/digits/"
cp "$sklearn/iris.csv" "$target/iris/"
echo "fetch-datasets: builtin datasets in $target" >&2
