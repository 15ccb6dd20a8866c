#!/usr/bin/env bash
# Builds the static archives Debian 12 does not ship (its -dev packages carry only the .so) from
# Debian's own source packages, for the portable release (docs/release.md):
#   dist/static-deps.sh x86_64|aarch64     -> $SHITONG_RELEASE_CACHE/static-<arch>/ (a CMake prefix)
# Sources come from deb.debian.org through apt (deb-src, with a private apt state so the system's
# sources are left alone); everything is cached in $SHITONG_RELEASE_CACHE
# (default /var/cache/shitong-release) and a rerun with the same versions does nothing.
# The list of libraries built here is `recipes` below; every other library is linked from the
# .a that Debian ships (cmake/release.cmake).
set -euo pipefail
arch=${1:?usage: static-deps.sh x86_64|aarch64}
here=$(cd "$(dirname "$0")/.." && pwd)
cache=${SHITONG_RELEASE_CACHE:-/var/cache/shitong-release}
prefix=$cache/static-$arch
src=$cache/src
mkdir -p "$src" "$prefix"

# package  version  cmake options (each library built static, no tests, no optional codecs)
recipes=(
  "fmtlib 9.1.0+ds1-2 -DFMT_DOC=OFF -DFMT_TEST=OFF -DFMT_INSTALL=ON"
  "mimalloc 2.0.9+ds-2 -DMI_BUILD_SHARED=OFF -DMI_BUILD_OBJECT=ON -DMI_BUILD_TESTS=OFF -DMI_INSTALL_TOPLEVEL=ON"
  "libxlsxwriter 1.1.4-2 -DUSE_SYSTEM_MINIZIP=ON -DUSE_NO_MD5=ON -DBUILD_TESTS=OFF -DBUILD_EXAMPLES=OFF"
  "libzip 1.7.3-1 -DENABLE_GNUTLS=OFF -DENABLE_OPENSSL=OFF -DENABLE_MBEDTLS=OFF -DENABLE_BZIP2=OFF -DENABLE_LZMA=OFF -DENABLE_ZSTD=OFF -DBUILD_TOOLS=OFF -DBUILD_REGRESS=OFF -DBUILD_EXAMPLES=OFF -DBUILD_DOC=OFF"
)

apt_src=(-o Dir::Etc::SourceList="$cache/apt-src/sources.list" -o Dir::Etc::SourceParts=/nonexistent
         -o Dir::State::Lists="$cache/apt-src/lists" -o Dir::Cache="$cache/apt-src/cache")
fetched=0
fetch() { # package version: unpack Debian's source package once
  local pkg=$1 ver=$2 upstream=${2%-*}
  [ -d "$src/$pkg-${upstream}" ] && return
  if [ $fetched = 0 ]; then
    mkdir -p "$cache/apt-src/lists/partial" "$cache/apt-src/cache/archives/partial"
    cat > "$cache/apt-src/sources.list" <<SOURCES
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian-security bookworm-security main
SOURCES
    apt-get "${apt_src[@]}" update -qq
    fetched=1
  fi
  (cd "$src" && apt-get "${apt_src[@]}" source -qq --download-only "$pkg=$ver" 2>&1 | grep -v "unsandboxed" || true)
  (cd "$src" && dpkg-source -x "${pkg}_${ver}.dsc" > /dev/null 2>&1)
  # dpkg-source names the directory after the source package
  [ -d "$src/$pkg-${upstream}" ] || { echo "static-deps.sh: unpacking $pkg failed" >&2; exit 1; }
}

# -dev packages that are not Multi-Arch: same cannot be installed for a second architecture
# without removing the host's: unpack them into a sysroot (cmake/aarch64-linux-gnu.cmake
# searches it first). Only the static archive, headers and CMake/pkg-config files are used.
unpack_only=(libyaml-cpp-dev libyaml-cpp0.7)  # the .so only because its CMake file checks that it exists
if [ "$arch" != "$(uname -m)" ]; then
  debarch=$(case $arch in aarch64) echo arm64 ;; *) echo "$arch" ;; esac)
  sysroot=$cache/sysroot-$arch
  for pkg in "${unpack_only[@]}"; do
    ver=$(dpkg-query -W -f='${Version}' "$pkg:$(dpkg --print-architecture)" 2>/dev/null || true)
    [ -n "$ver" ] || { echo "static-deps.sh: install $pkg (the host's) first: the $arch one must match its version" >&2; exit 1; }
    [ -f "$sysroot/.unpacked-$pkg-$ver" ] && continue
    mkdir -p "$cache/debs" "$sysroot"
    (cd "$cache/debs" && apt-get download -qq "$pkg:$debarch=$ver" 2> /dev/null) ||
      { echo "static-deps.sh: apt-get download $pkg:$debarch=$ver failed (dpkg --add-architecture $debarch; apt-get update)" >&2; exit 1; }
    dpkg -x "$cache/debs/${pkg}_${ver/*:/}_$debarch.deb" "$sysroot"
    touch "$sysroot/.unpacked-$pkg-$ver"
  done
fi

toolchain=()
[ "$arch" = "$(uname -m)" ] || toolchain=(-DCMAKE_TOOLCHAIN_FILE="$here/cmake/$arch-linux-gnu.cmake")
for r in "${recipes[@]}"; do
  read -r pkg ver opts <<<"$r"
  stamp=$prefix/.built-$pkg-$ver
  [ -f "$stamp" ] && continue
  fetch "$pkg" "$ver"
  b=$cache/build-$arch-$pkg
  rm -rf "$b"
  # shellcheck disable=SC2086 # opts is a word list
  cmake -S "$src/$pkg-${ver%-*}" -B "$b" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=OFF \
        -DCMAKE_POSITION_INDEPENDENT_CODE=OFF -DCMAKE_INSTALL_PREFIX="$prefix" -DCMAKE_INSTALL_LIBDIR=lib \
        "${toolchain[@]}" $opts > "$b.log" 2>&1 || { tail -n 30 "$b.log" >&2; exit 1; }
  cmake --build "$b" >> "$b.log" 2>&1 && cmake --install "$b" >> "$b.log" 2>&1 || { tail -n 30 "$b.log" >&2; exit 1; }
  touch "$stamp"
done
echo "$prefix"
