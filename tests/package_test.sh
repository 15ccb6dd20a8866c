#!/usr/bin/env bash
# Builds the .deb with CPack from the current build tree, unpacks it without installing, and
# checks that the packaged binary runs and the man page, completion and schemas are there.
set -euo pipefail
build=$1
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
(cd "$build" && cpack -G DEB -B "$out" > "$out/cpack.log" 2>&1) || { cat "$out/cpack.log"; exit 1; }
deb=$(ls "$out"/shitong_*_amd64.deb "$out"/shitong_*.deb 2>/dev/null | head -n1)
[ -n "$deb" ] || { echo "no .deb produced"; exit 1; }
info=$(dpkg-deb --info "$deb")
grep -q "Depends: .*libyaml-0-2" <<<"$info" || { echo "package lacks its library dependencies"; exit 1; }
dpkg-deb -x "$deb" "$out/root"
version=$("$out/root/usr/bin/shitong" --version)
expected=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")
[[ "$version" =~ ^shitong\ ${expected//./\\.}\ \(commit\ ([0-9a-f]+|unknown),\ linux-$(uname -m)\)$ ]] ||
  { echo "unexpected version: $version (project version $expected)"; exit 1; }
for f in usr/share/man/man1/shitong.1 usr/share/bash-completion/completions/shitong \
         usr/share/shitong/schemas/catalog.schema.json usr/share/doc/shitong/rules.md; do
  [ -f "$out/root/$f" ] || { echo "missing $f"; exit 1; }
done
echo "package ok: $(basename "$deb")"
