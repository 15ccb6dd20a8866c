#!/usr/bin/env bash
# The x86-64 tarball on an older glibc: unpacks it in a Debian 11 (bullseye, glibc 2.31) chroot,
# runs install.sh, validates the bundled sample catalogs and publishes a list there, and checks
# that the output is byte-identical to the same binary's on the build machine (Debian 12, glibc
# 2.36). Needs root (chroot) and debootstrap; the chroot is cached (tests/release/chroot.sh).
#   oldglibc_test.sh TARBALL [SUITE]
set -euo pipefail
tarball=$(realpath "$1")
suite=${2:-bullseye}
here=$(cd "$(dirname "$0")" && pwd)
root=$(bash "$here/chroot.sh" "$suite")
name=$(basename "$tarball" .tar.gz)
scratch=/tmp/shitong-oldglibc-$$
trap 'rm -rf "$root$scratch" "$host"' EXIT
host=$(mktemp -d)
mkdir -p "$root$scratch"
cp "$tarball" "$root$scratch/"
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/root LANG=C.UTF-8 /bin/sh -c "cd $scratch && $1"; }

# sed, not head: head exits after one line and ldd then dies of SIGPIPE (exit 141 under pipefail)
glibc=$(in_root "ldd --version" | sed -n 1p)
echo "chroot $suite: $glibc"
in_root "tar xzf $name.tar.gz"
# the same steps on the build machine, for the expected output
tar xzf "$tarball" -C "$host"
ex=share/doc/shitong/examples/catalogs
provinces="$ex/山东省/370000-山东省.yaml $ex/河南省/410000-河南省.yaml"  # the samples without errors
steps='./bin/shitong --version; ./bin/shitong validate --no-cache '$ex'; echo "exit $?";
./bin/shitong publish '$provinces' -l zero-visit --combined -f md; echo "exit $?";
./bin/shitong publish '$provinces' -l zero-visit -o lists/ > /dev/null; echo "exit $?"; ls lists'
in_root "cd $name && { $steps; } > ../chroot.out 2>&1" || true
(cd "$host/$name" && { eval "$steps"; } > ../host.out 2>&1) || true
if ! diff -u "$host/host.out" "$root$scratch/chroot.out"; then
  echo "FAIL: output in the $suite chroot differs from the build machine's"; exit 1
fi
out=$root$scratch/chroot.out
grep -q "^shitong .* linux-x86_64)$" "$out" || { echo "FAIL: no version line"; exit 1; }
grep -q "^检查了 11 个文件" "$out" || { echo "FAIL: validate did not check the 11 sample files"; cat "$out"; exit 1; }
grep -q "^exit 1$" "$out" || { echo "FAIL: validate should exit 1 on the samples' planted deviations"; exit 1; }
grep -q "^# 山东省、河南省“零跑腿”事项清单$" "$out" || { echo "FAIL: no zero-visit list"; exit 1; }
[ "$(grep -c '^exit 0$' "$out")" = 2 ] || { echo "FAIL: publish failed"; cat "$out"; exit 1; }
grep -q "^370000-zero-visit.md$" "$out" && grep -q "^410000-zero-visit.md$" "$out" || { echo "FAIL: publish -o wrote no list files"; exit 1; }
# install.sh into a prefix, then run from PATH
in_root "sh $name/install.sh /opt/shitong > install.out && PATH=/opt/shitong/bin:\$PATH shitong validate --no-cache $name/$ex > /dev/null; echo \$?" |
  grep -qx 1 || { echo "FAIL: install.sh + shitong from PATH"; exit 1; }
in_root "rm -rf /opt/shitong"
echo "ok: $name in $suite ($glibc): validate and publish identical to the build machine"
