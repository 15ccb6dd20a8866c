#!/usr/bin/env bash
# A small generated tree (bench/gen: 山东, the first 2 cities with their counties, 60 items per
# catalog) with violations of every rule injected must give exactly its answer key: every injected
# finding, nothing else, at --jobs 1 and 2; the key must cover every rule of `shitong rules`; and
# the generator must be deterministic (same arguments, byte-identical tree).
#   answer_key_test.sh SOURCE_DIR SHITONG
set -euo pipefail
src=$1
shitong=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
args=(--scale 2 --items 60 --deviation-rate 0.3 --violation-rate 0.2 --seed 7)
for t in tree again; do
  "$src/bench/gen" -o "$tmp/$t" "${args[@]}" 2>"$tmp/gen.log" || { cat "$tmp/gen.log" >&2; exit 1; }
  if grep -q warning "$tmp/gen.log"; then cat "$tmp/gen.log" >&2; exit 1; fi
done
diff -r "$tmp/tree" "$tmp/again" >/dev/null || { echo "bench/gen is not deterministic" >&2; exit 1; }
python3 "$src/bench/check_answers.py" "$tmp/tree" "$shitong" --jobs 1 >"$tmp/check1.txt" \
  || { cat "$tmp/check1.txt"; echo "answer key differs at --jobs 1" >&2; exit 1; }
python3 "$src/bench/check_answers.py" "$tmp/tree" "$shitong" --jobs 2
