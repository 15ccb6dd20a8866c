#!/usr/bin/env bash
# A generated tree in Sichuan's code layout (bench/gen --profile sichuan: basic codes such as
# 511A0138600000 and 02-00001-001, implementation codes <basic>-<area>-000-<body>-1-01) with
# violations of every rule injected:
# - with the Sichuan profile (the tree's .shitong.yaml says code_profile: sichuan) the findings are
#   exactly the answer key: recall and precision 100%;
# - with the national profile (--no-config) the only findings beyond the key are the layout ones
#   (code-format, implementation-code), never code-type, and no agency-code finding on a valid code.
#   answer_key_sichuan_test.sh SOURCE_DIR SHITONG
set -euo pipefail
src=$1
shitong=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$src/bench/gen" -o "$tmp/tree" --province 51 --profile sichuan --scale 2 --items 60 --deviation-rate 0.3 \
  --violation-rate 0.2 --seed 7 2>"$tmp/gen.log" || { cat "$tmp/gen.log" >&2; exit 1; }
if grep -q warning "$tmp/gen.log"; then cat "$tmp/gen.log" >&2; exit 1; fi
grep -q '^code_profile: sichuan$' "$tmp/tree/.shitong.yaml" || { echo "the tree's config names no profile" >&2; exit 1; }
python3 "$src/bench/check_answers.py" "$tmp/tree" "$shitong" --jobs 2 >"$tmp/check.txt" \
  || { cat "$tmp/check.txt"; echo "answer key differs with the Sichuan profile" >&2; exit 1; }
grep '^check_answers:' "$tmp/check.txt"
set +e
"$shitong" validate --format json --no-config --no-cache "$tmp/tree" >"$tmp/national.json"
rc=$?
set -e
[ "$rc" -le 1 ] || { echo "validate with the national profile failed (exit $rc)" >&2; exit 1; }
python3 - "$tmp/tree" "$tmp/national.json" <<'PY'
import collections, json, os, sys
tree, path = sys.argv[1], sys.argv[2]
key = json.load(open(os.path.join(os.path.dirname(tree), os.path.basename(tree) + "-answers.json"), encoding="utf-8"))
found = json.load(open(path, encoding="utf-8"))["findings"]
def rel(f):
    return os.path.relpath(os.path.abspath(f), tree) if f else ""
expected = collections.Counter((d["file"], d["rule"], d["item"]) for d in key["expected"])
got = collections.Counter((rel(x.get("file", "")), x["rule"], x.get("item", "")) for x in found)
layout = {"code-format", "implementation-code"}
# code-type needs a code that fits the profile; the config's own findings need the config
surplus = [k for k in (got - expected).elements() if k[1] not in layout]
missed = [k for k in (expected - got).elements()
          if k[1] not in layout | {"code-type"} and k[0] != key.get("config")]
code_type = [k for k in got.elements() if k[1] == "code-type"]
items = sum(1 for x in found if x["rule"] == "code-format")
print("national profile on the Sichuan tree: %d findings, %d code-format, %d code-type, %d other surplus, "
      "%d missed" % (len(found), items, len(code_type), len(surplus), len(missed)))
bad = False
for title, rows in (("code-type under the national profile", code_type), ("unexpected (not layout)", surplus),
                    ("missed", missed)):
    for k in rows[:20]:
        print("  %s: %s" % (title, k))
    bad = bad or bool(rows)
if items == 0:
    print("  no code-format finding: the tree is not in Sichuan's layout")
    bad = True
sys.exit(1 if bad else 0)
PY
