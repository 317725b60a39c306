#!/usr/bin/env bash
# Prints the path of a Lua 5.1 interpreter (Argo CD's dialect): Debian's lua5.1 package, unpacked
# under ~/.cache/neuralforge once (nothing installed). Run it with LD_LIBRARY_PATH as it prints on
# its second line.
set -euo pipefail
lua_root="${NEURALFORGE_CACHE:-$HOME/.cache/neuralforge}/lua5.1"
if [[ ! -x "$lua_root/usr/bin/lua5.1" ]]; then
  tmp=$(mktemp -d)
  (cd "$tmp" && apt-get download lua5.1 liblua5.1-0 >/dev/null 2>&1)
  mkdir -p "$lua_root"
  for deb in "$tmp"/*.deb; do dpkg -x "$deb" "$lua_root"; done
  rm -rf "$tmp"
fi
echo "$lua_root/usr/bin/lua5.1"
echo "$lua_root/usr/lib/x86_64-linux-gnu"
