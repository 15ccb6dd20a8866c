#!/usr/bin/env bash
# Packages one release build tree (called by the dist-<target> target, cmake/dist.cmake):
#   make-dist.sh SOURCE BUILD OUT VERSION TARGET DEBARCH
# writes OUT/shitong-VERSION-TARGET.tar.gz and OUT/shitong_VERSION_DEBARCH.deb. The tarball holds
#   shitong-VERSION-TARGET/bin/shitong            the static binary (stripped)
#   shitong-VERSION-TARGET/README.md              the Chinese quick start (docs/快速上手.md)
#   shitong-VERSION-TARGET/install.sh             copies it all under a prefix (default /usr/local, or ~/.local)
#   shitong-VERSION-TARGET/share/...              man page, bash completion, schemas, docs, sample catalogs
# and refuses a binary that is not static.
set -euo pipefail
src=$1 build=$2 out=$3 version=$4 target=$5 debarch=$6
name=shitong-$version-$target
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

! readelf -l "$build/tools/shitong/shitong" | grep -q "program interpreter" && ! readelf -d "$build/tools/shitong/shitong" | grep -q NEEDED ||
  { echo "make-dist.sh: $build/tools/shitong/shitong is not statically linked"; exit 1; }

cmake --install "$build" --prefix "$work/$name" --strip > "$work/install.log"
cp "$src/docs/快速上手.md" "$work/$name/README.md"
cp "$src/dist/install.sh" "$work/$name/install.sh"
chmod 755 "$work/$name/install.sh"
# reproducible: fixed owner, order and times (the commit's time when there is one)
stamp=$(git -C "$src" log -1 --format=%ct 2>/dev/null || echo 0)
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$stamp" -C "$work" -cf - "$name" |
  gzip -9n > "$out/$name.tar.gz"

(cd "$build" && cpack -G DEB -B "$work/deb" > "$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; exit 1; }
cp "$work/deb/shitong_${version}_${debarch}.deb" "$out/"
echo "$out/$name.tar.gz"
echo "$out/shitong_${version}_${debarch}.deb"
