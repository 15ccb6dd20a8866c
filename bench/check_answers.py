#!/usr/bin/env python3
"""Check a tree of bench/gen_province.py against its answer file.

    check_answers.py DIR SHITONG [--jobs N]      runs: SHITONG validate --no-config --format json DIR
    check_answers.py DIR --findings FILE.json    uses the JSON output of an earlier run

The level-* findings must be exactly the injected deviations of DIR/../<dirname>-answers.json,
compared as a multiset of (file relative to DIR, item code, rule); any other finding is
unexpected. Prints the differences; exit 0 when there are none, 1 when there are, 2 on errors.
Standard library only.
"""

import argparse
import collections
import json
import os
import subprocess
import sys


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("tree", metavar="DIR")
    p.add_argument("shitong", nargs="?", metavar="SHITONG", help="the shitong binary to run")
    p.add_argument("--findings", metavar="FILE", help="JSON output of `shitong validate --format json` on DIR")
    p.add_argument("--jobs", type=int, default=0, help="--jobs for shitong validate (default: its own)")
    p.add_argument("--answers", metavar="FILE", help="answer file (default DIR/../<dirname>-answers.json)")
    p.add_argument("--show", type=int, default=20, help="differences to print per kind (default 20)")
    args = p.parse_args(argv)
    tree = os.path.abspath(args.tree)
    answers_path = args.answers or os.path.join(os.path.dirname(tree), os.path.basename(tree) + "-answers.json")
    with open(answers_path, encoding="utf-8") as f:
        answers = json.load(f)
    if args.findings:
        with open(args.findings, encoding="utf-8") as f:
            report = json.load(f)
    elif args.shitong:
        cmd = [args.shitong, "validate", "--no-config", "--format", "json"]
        if args.jobs:
            cmd += ["--jobs", str(args.jobs)]
        run = subprocess.run(cmd + [tree], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if run.returncode not in (0, 1):
            sys.stderr.write(run.stderr.decode("utf-8", "replace"))
            print("check_answers: shitong validate failed (exit %d)" % run.returncode, file=sys.stderr)
            return 2
        report = json.loads(run.stdout)
    else:
        p.error("give SHITONG or --findings")

    expected = collections.Counter((d["file"], d["item"], d["rule"]) for d in answers["deviations"])
    found = collections.Counter()
    other = []
    for x in report["findings"]:
        rel = os.path.relpath(os.path.abspath(x["file"]), tree) if x.get("file") else ""
        if x["rule"].startswith("level-"):
            found[(rel, x.get("item", ""), x["rule"])] += 1
        else:
            other.append((rel, x.get("line"), x.get("item", ""), x["rule"], x.get("message", "")))
    missed = expected - found
    surplus = found - expected
    s = report.get("summary", {})
    print("check_answers: %s: %d files, %d items; %d deviations injected, %d level-* findings, "
          "%d other findings" % (args.tree, s.get("files", 0), s.get("items", 0), sum(expected.values()),
                                 sum(found.values()), len(other)))
    by_rule = collections.Counter()
    for (_, _, rule), n in found.items():
        by_rule[rule] += n
    for rule, n in sorted(by_rule.items()):
        print("  %-26s %6d found, %6d injected" % (rule, n, sum(v for k, v in expected.items() if k[2] == rule)))
    for title, rows in (("injected but not reported", sorted(missed.elements())),
                        ("reported but not injected", sorted(surplus.elements())),
                        ("findings of other rules", sorted(other))):
        if rows:
            print("%s: %d" % (title, len(rows)))
            for r in rows[:args.show]:
                print("  " + "  ".join(str(v) for v in r))
            if len(rows) > args.show:
                print("  ...")
    ok = not missed and not surplus and not other
    print("check_answers: %s" % ("OK — exactly the injected deviations" if ok else "DIFFERENCES"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
