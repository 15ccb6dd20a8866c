#!/usr/bin/env bash
# The version lives in one place, project(VERSION) in CMakeLists.txt: every other mention of a
# shitong version (man page header, release file names, tags, recipe variables in the docs)
# must name the same one.
#   version_test.sh SOURCE_DIR
set -euo pipefail
cd "$1"
v=$(sed -n 's/^project(shitong VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
[ -n "$v" ] || { echo "no project(shitong VERSION ...) in CMakeLists.txt"; exit 1; }
bad=0
grep -q "^\.TH SHITONG 1 \"[^\"]*\" \"shitong $v\"" dist/shitong.1 || { echo "dist/shitong.1: .TH does not name shitong $v"; bad=1; }
# every versioned name in the docs: shitong_X_arch.deb, shitong-X-linux-arch, rev: vX, SHITONG_VERSION: X, releases/X
files=(README.md docs/*.md dist/shitong.1 .pre-commit-hooks.yaml)
pattern='shitong_[0-9]+\.[0-9]+\.[0-9]+|shitong-[0-9]+\.[0-9]+\.[0-9]+|rev: v[0-9]+\.[0-9]+\.[0-9]+|SHITONG_VERSION: "?[0-9]+\.[0-9]+\.[0-9]+|releases/[0-9]+\.[0-9]+\.[0-9]+|ref: v[0-9]+\.[0-9]+\.[0-9]+|shitong [0-9]+\.[0-9]+\.[0-9]+'
while IFS= read -r hit; do
  found=$(grep -oE '[0-9]+\.[0-9]+\.[0-9]+' <<<"${hit#*:*:}" | head -n1)
  if [ "$found" != "$v" ]; then echo "$hit: names version $found, the project is $v"; bad=1; fi
done < <(grep -noE "$pattern" "${files[@]}" || true)
n=$(grep -ohE "$pattern" "${files[@]}" | wc -l)
[ "$n" -gt 5 ] || { echo "only $n versioned names found: is the pattern still right?"; bad=1; }
[ $bad = 0 ] && echo "version $v: $n mentions, all the same"
exit $bad
