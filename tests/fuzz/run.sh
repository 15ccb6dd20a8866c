#!/usr/bin/env bash
# Runs one libFuzzer harness from a seed corpus collected here, at run time, from the bundled
# catalogs and the rule fixtures (nothing is copied into the repository), with the format's
# dictionary. The working corpus and any crash inputs go to <work-dir>/<harness>/.
#   run.sh <fuzz binary> <harness> <work-dir> [extra libFuzzer flags…]
# $SHITONG_FUZZ_SECONDS (default 20) bounds the run, $SHITONG_FUZZ_TIMEOUT (default 30 s: a shared,
# loaded machine) one input, $SHITONG_FUZZ_NICE (default 10) the niceness, $SHITONG_FUZZ_MAX_SEEDS
# (default: all) the seeds; CONTRIBUTING.md has the long-run recipe.
set -euo pipefail
bin=$1 harness=$2 work=$3
shift 3
src=$(cd "$(dirname "$0")/../.." && pwd)
seeds=$work/$harness/seeds corpus=$work/$harness/corpus
mkdir -p "$seeds" "$corpus" "$work/$harness/crashes"

collect() { # copies each file under the names of its hash: stable, no duplicates
  while IFS= read -r -d '' f; do
    cp "$f" "$seeds/$(sha1sum "$f" | cut -c1-16)"

  done
}
case $harness in
config) find "$src/tests/fixtures/config" "$src/catalogs" -name '*.yaml' -print0 | collect ;;
report) find "$src/tests/fixtures" -name '*.txt' -print0 | collect ;;
import) # the bundled catalogs exported as CSV and XLSX by the shitong of the same build
  shitong=$(dirname "$bin")/../../tools/shitong/shitong
  n=0
  while IFS= read -r -d '' f; do
    n=$((n + 1))
    for ext in csv xlsx; do
      "$shitong" export -o "$seeds/export-$n.$ext" --force "$f" 2>/dev/null || true
    done
  done < <(find "$src/catalogs" -name '*.yaml' -not -path '*证明事项*' -print0 | sort -z | head -z -n 12)
  ;;
import_json) # the same exports (CSV) written as JSON exports and mapping files by json_seeds.py, and
  # the hand-written JSON and mapping seeds of tests/fuzz/seeds/import_json
  shitong=$(dirname "$bin")/../../tools/shitong/shitong
  exports=$(mktemp -d)
  n=0
  while IFS= read -r -d '' f; do
    n=$((n + 1))
    "$shitong" export -o "$exports/export-$n.csv" --force "$f" 2>/dev/null || true
  done < <(find "$src/catalogs" -name '*.yaml' -not -path '*证明事项*' -print0 | sort -z | head -z -n 12)
  /usr/bin/python3 "$src/tests/fuzz/json_seeds.py" "$seeds" "$exports"/*.csv || true
  rm -rf "$exports"
  find "$src/tests/fuzz/seeds/import_json" -type f -print0 | collect
  ;;
*) find "$src/catalogs" "$src/tests/fixtures" -name '*.yaml' -size -64k -print0 | collect ;;
esac
find "$src/tests/fuzz/regressions/$harness" -type f -print0 2>/dev/null | collect
# libFuzzer runs every seed before -max_total_time counts: the CI smoke keeps only the first
# $SHITONG_FUZZ_MAX_SEEDS (by name; `run` validates a repository per input, ~1 s under ASan)
if [ -n "${SHITONG_FUZZ_MAX_SEEDS:-}" ]; then
  ls "$seeds" | sort | tail -n +"$((SHITONG_FUZZ_MAX_SEEDS + 1))" | while IFS= read -r f; do rm -f "$seeds/$f"; done
fi
echo "fuzz_$harness: $(ls "$seeds" | wc -l) seed file(s)"
# the format's dictionary, and for the import harnesses the column names and JSON tokens too
dict=$work/$harness/fuzz.dict
cat "$src/tests/fuzz/shitong.dict" > "$dict"
case $harness in import | import_json) cat "$src/tests/fuzz/import.dict" >> "$dict" ;; esac
exec nice -n "${SHITONG_FUZZ_NICE:-10}" "$bin" -dict="$dict" -max_total_time="${SHITONG_FUZZ_SECONDS:-20}" \
  -timeout="${SHITONG_FUZZ_TIMEOUT:-30}" -rss_limit_mb=1024 -max_len=65536 -print_final_stats=1 \
  -artifact_prefix="$work/$harness/crashes/" "$@" "$corpus" "$seeds"
