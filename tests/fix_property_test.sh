#!/usr/bin/env bash
# `shitong fix --align` on a copy of the bundled tree (catalogs/) and on a small generated
# province (bench/gen: 山东, 2 cities with their counties, 60 items, the generator's usual
# deviation rate): same diff at --jobs 1 and 2, bytes outside the edits unchanged, no fixable
# level-* finding afterwards, a second run a no-op (tests/tools/fix_property.py).
#   fix_property_test.sh SOURCE_DIR SHITONG
set -euo pipefail
src=$1
shitong=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r "$src/catalogs" "$tmp/bundled"
echo "== the bundled tree"
python3 "$src/tests/tools/fix_property.py" "$shitong" "$tmp/bundled"
"$src/bench/gen" -o "$tmp/province" --scale 2 --items 60 --seed 7 2>"$tmp/gen.log" || { cat "$tmp/gen.log" >&2; exit 1; }
echo "== a generated province"
python3 "$src/tests/tools/fix_property.py" "$shitong" "$tmp/province"
