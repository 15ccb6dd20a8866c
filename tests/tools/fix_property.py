#!/usr/bin/env python3
"""Property checks of `shitong fix --align` on a catalog tree (tests/fix_property_test.sh).

    fix_property.py SHITONG TREE

TREE is changed in place (pass a copy). Checks, in order:
  1. `fix --align` prints the same diff at --jobs 1 and --jobs 2;
  2. `fix --align --write --format json`: every written file equals its original with the
     reported edits applied (so every byte outside the edited spans is unchanged), and every
     other file is untouched;
  3. `validate` afterwards reports no level-* finding of a fixable rule that fix did not list
     as left for a person;
  4. no comment of a fixed file is lost;
  5. a second `fix --align` has nothing to do (exit 0, no output).
Prints one line per check and exits 1 on the first failure.
"""
import json
import os
import subprocess
import sys


def run(shitong, *args):
    return subprocess.run([shitong, *args], capture_output=True)


def snapshot(tree):
    files = {}
    for root, _, names in os.walk(tree):
        for n in names:
            p = os.path.join(root, n)
            with open(p, "rb") as f:
                files[p] = f.read()
    return files


def comments(data):
    """The comments of a YAML text: '#' at the start of a line or after a blank, to the line's end."""
    out = []
    for line in data.split(b"\n"):
        for i in range(len(line)):
            if line[i:i + 1] == b"#" and (i == 0 or line[i - 1:i] in (b" ", b"\t")):
                out.append(line[i:].rstrip(b"\r"))
                break
    return out


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def main():
    shitong, tree = sys.argv[1], sys.argv[2]
    common = ["--no-config", "--align", tree]
    before = snapshot(tree)
    one = run(shitong, "fix", "--jobs", "1", *common)
    two = run(shitong, "fix", "--jobs", "2", *common)
    if one.returncode not in (0, 1) or one.stdout != two.stdout or one.returncode != two.returncode:
        fail("--jobs 1 and --jobs 2 differ (or the run failed): " + one.stderr.decode()[-2000:])
    if snapshot(tree) != before:
        fail("fix without --write changed a file")
    print(f"ok: --jobs 1 and 2 give the same diff ({len(one.stdout)} bytes)")

    wrote = run(shitong, "fix", "--write", "--format", "json", *common)
    if wrote.returncode != 0:
        fail("fix --write failed: " + wrote.stderr.decode())
    plan = json.loads(wrote.stdout)
    after = snapshot(tree)
    fixed_paths = set()
    for f in plan["files"]:
        path = f["path"]
        fixed_paths.add(path)
        original = before[path]
        rebuilt, at = b"", 0
        for e in f["edits"]:
            if e["begin"] < at:
                fail(f"{path}: edits overlap or are out of order")
            rebuilt += original[at:e["begin"]] + e["replacement"].encode()
            at = e["end"]
        rebuilt += original[at:]
        if after[path] != rebuilt:
            fail(f"{path}: the written file is not its original with the reported edits")
    for path, data in before.items():
        if path not in fixed_paths and after.get(path) != data:
            fail(f"{path}: changed without a reported edit")
    for path in fixed_paths:
        for comment in comments(before[path]):
            if comment not in after[path]:
                fail(f"{path}: the comment {comment.decode()!r} was lost")
    edits = sum(len(f["edits"]) for f in plan["files"])
    print(f"ok: {len(plan['files'])} file(s), {edits} edit(s); bytes outside the edits unchanged")

    rules = {r["id"]: r["fixable"] for r in json.loads(run(shitong, "rules", "--format", "json").stdout)}
    left = {(l["file"], l["rule"], l.get("item", "")) for l in plan["left"]}
    val = run(shitong, "validate", "--no-config", "--no-cache", "--format", "json", tree)
    remaining = [f for f in json.loads(val.stdout)["findings"]
                 if f["rule"].startswith("level-") and rules.get(f["rule"]) in ("safe", "align")
                 and (f["file"], f["rule"], f.get("item", "")) not in left]
    if remaining:
        fail(f"{len(remaining)} fixable level finding(s) remain, e.g. {remaining[0]}")
    print(f"ok: no fixable level-* finding remains ({len(plan['left'])} left for a person, with reasons)")

    again = run(shitong, "fix", *common)
    if again.returncode != 0 or again.stdout:
        fail("a second fix --align has something to do: " + again.stdout.decode()[:2000])
    print("ok: a second run is a no-op")


if __name__ == "__main__":
    main()
