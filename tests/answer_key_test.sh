#!/usr/bin/env bash
# A small generated province tree (bench/gen_province.py) must give exactly its answer key:
# every injected level deviation, nothing else.
set -euo pipefail
src=$1
shitong=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 "$src/bench/gen_province.py" -o "$tmp/tree" --scale 2 --items 60 --deviation-rate 0.3 --seed 7 > /dev/null
python3 "$src/bench/check_answers.py" "$tmp/tree" "$shitong" --jobs 2
