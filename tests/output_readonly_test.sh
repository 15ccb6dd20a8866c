#!/bin/bash
# The output policy on a read-only folder (issue 12): every command that writes a file says that
# the folder is not writable -- never "加 --force 覆盖" -- exits 2 and leaves nothing behind.
# We run as root in CI, where chmod does not stop writes: the folder is a read-only tmpfs mount.
# Exit 77 (ctest SKIP_RETURN_CODE) when mounting is not possible here.
set -u
src=$1 bin=$2
work=$(mktemp -d)
ro="$work/ro"
mkdir -p "$ro"
cleanup() { umount "$ro" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
if ! mount -t tmpfs -o ro,size=1m tmpfs "$ro" 2>/dev/null; then
  echo "SKIP: cannot mount a read-only tmpfs here"
  exit 77
fi
cp -r "$src/catalogs" "$work/catalogs"
cats="$work/catalogs"
county="$cats/山东省/370100-济南市.yaml"
fail=0
check() { # name, expected message part, command...
  local name=$1 want=$2
  shift 2
  "$@" >"$work/out" 2>"$work/err"
  local rc=$?
  if [ $rc -ne 2 ] || ! grep -qF -- "$want" "$work/err" || grep -qF -- "--force" "$work/err"; then
    echo "FAIL $name: exit $rc"; cat "$work/err"; fail=1
  fi
}
want="不可写（只读文件系统）"
check "validate -o" "$want" "$bin" validate --no-config --no-cache -j 2 "$cats" -o "$ro/r.txt"
check "validate --report" "$want" "$bin" validate --no-config --no-cache -j 2 "$cats" --report "sarif=$ro/r.sarif"
check "diff -o" "$want" "$bin" diff -j 2 "$cats" -o "$ro/d.txt"
check "certs -o" "$want" "$bin" certs -j 2 "$cats" -o "$ro/c.txt"
check "certs --graph -o" "$want" "$bin" certs -j 2 --graph dot "$cats" -o "$ro/c.dot"
check "baseline -o" "$want" "$bin" baseline --no-config -j 2 "$cats" -o "$ro/b.json"
check "publish -o file" "$want" "$bin" publish --no-config --allow-errors "$county" -o "$ro/l.md"
check "publish -o folder" "$want" "$bin" publish --no-config --allow-errors -j 2 "$cats" -o "$ro/lists/"
check "schema --write" "$want" "$bin" schema --write "$ro/schemas"
check "init" "$want" "$bin" init "$ro/repo"
check "publish -o file --lang en" "is not writable (Read-only file system)" \
  "$bin" publish --lang en --no-config --allow-errors "$county" -o "$ro/l.md"
if [ -n "$(ls -A "$ro")" ]; then echo "FAIL: files appeared in the read-only folder"; fail=1; fi
exit $fail
