#!/usr/bin/env bash
# Prints the path of a minimal Debian chroot of SUITE (bullseye, bookworm, …), creating it with
# debootstrap from Debian's mirror on first use. Chroots are cached outside the repository in
# $SHITONG_RELEASE_CACHE (default /var/cache/shitong-release) and never modified afterwards:
# tests copy what they need into a fresh overlay (see fresh_root below). Needs root.
#   tests/release/chroot.sh bullseye   ->  /var/cache/shitong-release/chroot-bullseye
set -euo pipefail
suite=$1
cache=${SHITONG_RELEASE_CACHE:-/var/cache/shitong-release}
mirror=${SHITONG_DEBIAN_MIRROR:-http://deb.debian.org/debian}
root=$cache/chroot-$suite
if [ ! -f "$root/.complete" ]; then
  command -v debootstrap > /dev/null || { echo "chroot.sh: debootstrap is not installed (apt-get install debootstrap)" >&2; exit 1; }
  mkdir -p "$cache"
  rm -rf "$root.tmp"
  debootstrap --variant=minbase "$suite" "$root.tmp" "$mirror" > "$cache/debootstrap-$suite.log" 2>&1 ||
    { tail -n 20 "$cache/debootstrap-$suite.log" >&2; exit 1; }
  touch "$root.tmp/.complete"
  rm -rf "$root"
  mv "$root.tmp" "$root"
fi
echo "$root"
