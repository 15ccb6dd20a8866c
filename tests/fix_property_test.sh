#!/usr/bin/env bash
# `shitong fix --align` on a copy of the bundled tree (catalogs/) and on a small generated
# province (bench/gen: 山东, 2 cities with their counties, 60 items, the generator's usual
# deviation rate), and on the bundled tree with planted syntax errors (a full-width colon, a
# tab-indented line) beside a lowercase credit code and comments inside the fields that
# --align replaces: same diff at --jobs 1 and 2, bytes outside the edits unchanged (edits of
# several passes composed against the file as read), no comment lost, no fixable level-*
# finding afterwards, a second run a no-op (tests/tools/fix_property.py).
#   fix_property_test.sh SOURCE_DIR SHITONG
set -euo pipefail
src=$1
shitong=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r "$src/catalogs" "$tmp/bundled"
echo "== the bundled tree"
python3 "$src/tests/tools/fix_property.py" "$shitong" "$tmp/bundled"
cp -r "$src/catalogs" "$tmp/planted"
python3 - "$tmp/planted/山东省/370115-济阳区.yaml" <<'EOF'
import sys
path = sys.argv[1]
with open(path, encoding="utf-8") as f:
    lines = f.read().split("\n")
def plant(n, old, new):  # line n (1-based) must read `old`
    assert lines[n - 1] == old, (n, lines[n - 1])
    lines[n - 1] = new
plant(13, "    name: 食品经营许可", "    name：食品经营许可")  # a full-width colon
plant(64, "      legal: 10", "\tlegal: 10")  # a tab as indentation
plant(71, '    agency_code: "11370115MB28623415"', '    agency_code: "11370115mb28623415"')
plant(22, "      - name: 食品经营许可申请书", "      # 申请书可在网上下载\n      - name: 食品经营许可申请书")
plant(65, "      promised: 3", "      promised: 3  # 县里的承诺")
with open(path, "w", encoding="utf-8") as f:
    f.write("\n".join(lines))
EOF
echo "== the bundled tree with planted syntax errors and comments"
python3 "$src/tests/tools/fix_property.py" "$shitong" "$tmp/planted"
"$src/bench/gen" -o "$tmp/province" --scale 2 --items 60 --seed 7 2>"$tmp/gen.log" || { cat "$tmp/gen.log" >&2; exit 1; }
echo "== a generated province"
python3 "$src/tests/tools/fix_property.py" "$shitong" "$tmp/province"
