#!/usr/bin/env bash
# Both .deb files on a clean Debian 12: for each, a fresh copy of a minimal bookworm chroot
# (debootstrap --variant=minbase, cached by tests/release/chroot.sh), `dpkg -i` of the package,
# then `shitong --version`, `man`-page and schema files present, and `shitong validate` of the
# sample catalogs the package installs. The arm64 package: the chroot enables arm64 as a dpkg
# foreign architecture (nothing else: the package depends on nothing) and runs the binary with
# qemu-aarch64-static copied into the chroot, since binfmt_misc may not be registered here.
#   deb_test.sh DEB...
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
clean=$(bash "$here/chroot.sh" bookworm)
for deb in "$@"; do
  deb=$(realpath "$deb")
  arch=$(dpkg-deb -f "$deb" Architecture)
  deps=$(dpkg-deb -f "$deb" Depends)
  [ -z "$deps" ] || { echo "FAIL: $deb depends on $deps"; exit 1; }
  root=$(mktemp -d /var/tmp/shitong-deb-XXXXXX)
  cp -a "$clean/." "$root/"
  cp "$deb" "$root/tmp/"
  run=""
  if [ "$arch" != "$(dpkg --print-architecture)" ]; then
    chroot "$root" dpkg --add-architecture "$arch"
    qemu=$(command -v "qemu-$(dpkg-deb -f "$deb" Architecture | sed 's/arm64/aarch64/')-static")
    cp "$qemu" "$root/usr/bin/"
    run="/usr/bin/$(basename "$qemu")"
  fi
  in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 /bin/sh -c "$1"; }
  in_root "dpkg -i /tmp/$(basename "$deb")" > "$root/tmp/dpkg.log" 2>&1 || { cat "$root/tmp/dpkg.log"; rm -rf "$root"; exit 1; }
  status=$(in_root "dpkg-query -W -f='\${Status} \${Architecture}' shitong")
  v=$(in_root "$run /usr/bin/shitong --version")
  out=$(in_root "cd /tmp && $run /usr/bin/shitong validate --no-cache /usr/share/doc/shitong/examples/catalogs; echo exit \$?" 2>&1)
  files_ok=1
  for f in usr/share/man/man1/shitong.1 usr/share/bash-completion/completions/shitong \
           usr/share/shitong/schemas/catalog.schema.json; do
    [ -f "$root/$f" ] || { echo "FAIL: $f missing"; files_ok=0; }
  done
  rm -rf "$root"
  [ $files_ok = 1 ] || exit 1
  [ "$status" = "install ok installed $arch" ] || { echo "FAIL: dpkg status: $status"; exit 1; }
  case "$arch:$v" in
    amd64:*linux-x86_64\)|arm64:*linux-aarch64\)) ;;
    *) echo "FAIL: $arch: --version printed: $v"; exit 1 ;;
  esac
  grep -q "^检查了 11 个文件" <<<"$out" && grep -q "^exit 1$" <<<"$out" ||
    { echo "FAIL: $arch: validate in the chroot:"; echo "$out" | tail -n 5; exit 1; }
  echo "ok: $(basename "$deb") installs with dpkg -i on a clean bookworm minbase; $v; $(grep "^检查了" <<<"$out")"
done
