#!/usr/bin/env bash
# What `dist` made: both tarballs and .deb files, their contents, static binaries for the right
# architecture, packages that depend on nothing, and SHA256SUMS that verify.
#   contents_test.sh DIST_DIR VERSION
set -euo pipefail
dist=$1 v=$2
cd "$dist"
sha256sum -c SHA256SUMS > /dev/null || { echo "FAIL: SHA256SUMS does not verify"; exit 1; }
[ "$(wc -l < SHA256SUMS)" = 4 ] || { echo "FAIL: SHA256SUMS should list 4 files"; cat SHA256SUMS; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for pair in x86_64:amd64:x86-64 aarch64:arm64:aarch64; do
  IFS=: read -r arch debarch elf <<<"$pair"
  name=shitong-$v-linux-$arch
  tar xzf "$name.tar.gz" -C "$tmp"
  for f in bin/shitong README.md install.sh share/man/man1/shitong.1 share/bash-completion/completions/shitong \
           share/shitong/schemas/catalog.schema.json share/shitong/schemas/certificates.schema.json \
           share/shitong/schemas/config.schema.json share/doc/shitong/rules.md \
           share/doc/shitong/examples/catalogs/山东省/370000-山东省.yaml; do
    [ -f "$tmp/$name/$f" ] || { echo "FAIL: $name.tar.gz lacks $f"; exit 1; }
  done
  grep -q "^# shitong（十同）快速上手" "$tmp/$name/README.md" || { echo "FAIL: $name: README.md is not the Chinese quick start"; exit 1; }
  info=$(file -b "$tmp/$name/bin/shitong")
  case "$info" in
    *"$elf"*"statically linked"*stripped*) ;;
    *) echo "FAIL: $name/bin/shitong: $info"; exit 1 ;;
  esac
  case "$info" in *"not stripped"*) echo "FAIL: $name/bin/shitong is not stripped"; exit 1 ;; esac
  deb=shitong_${v}_$debarch.deb
  [ "$(dpkg-deb -f "$deb" Architecture)" = "$debarch" ] || { echo "FAIL: $deb architecture"; exit 1; }
  [ -z "$(dpkg-deb -f "$deb" Depends)" ] || { echo "FAIL: $deb has Depends: $(dpkg-deb -f "$deb" Depends)"; exit 1; }
  [ "$(dpkg-deb -f "$deb" Version)" = "$v" ] || { echo "FAIL: $deb version"; exit 1; }
  listing=$(dpkg-deb -c "$deb")
  grep -q " ./usr/bin/shitong$" <<<"$listing" || { echo "FAIL: $deb lacks /usr/bin/shitong"; exit 1; }
  echo "ok: $name.tar.gz $(stat -c %s "$name.tar.gz") bytes, $deb $(stat -c %s "$deb") bytes, binary $(stat -c %s "$tmp/$name/bin/shitong") bytes"
done
