#!/usr/bin/env python3
"""Check a tree of bench/gen_province.py against its answer key.

    check_answers.py DIR SHITONG [--jobs N]      runs: SHITONG validate --format json DIR
                                                 (with --config DIR/.shitong.yaml when the key names
                                                 a config, else --no-config)
    check_answers.py DIR --findings FILE.json    uses the JSON output of an earlier run

The findings must be exactly the key's expected findings (DIR/../<dirname>-answers.json),
compared as a multiset of (file relative to DIR, rule, item code): every expected finding
reported, nothing else. Prints a per-rule table (expected / found / missing / unexpected) and
the differences. When the tree was generated with every injection on (the key's all_rules), every
rule that `SHITONG rules` lists must occur in the key at least once (with --findings, pass
--rules SHITONG to check that too).

Exit 0 when the findings equal the key, 1 when they differ, 2 on errors. Standard library only.
"""

import argparse
import collections
import json
import os
import subprocess
import sys


def rule_ids(shitong):
    run = subprocess.run([shitong, "rules"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if run.returncode != 0:
        raise SystemExit("check_answers: `%s rules` failed (exit %d)" % (shitong, run.returncode))
    ids = []
    for line in run.stdout.decode("utf-8").splitlines():
        parts = line.split()
        # "<rule-id>  <severity>  <description>"; the closing line points at docs/rules.md
        if len(parts) >= 2 and parts[1] in ("error", "warning", "info") and parts[0].isascii():
            ids.append(parts[0])
    if not ids:
        raise SystemExit("check_answers: `%s rules` listed no rules" % shitong)
    return ids


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__.split("\n", 2)[2])
    p.add_argument("tree", metavar="DIR")
    p.add_argument("shitong", nargs="?", metavar="SHITONG", help="the shitong binary to run")
    p.add_argument("--findings", metavar="FILE", help="JSON output of `shitong validate --format json` on DIR")
    p.add_argument("--rules", metavar="SHITONG", help="with --findings: the binary whose `rules` the key must cover")
    p.add_argument("--jobs", type=int, default=0, help="--jobs for shitong validate (default: its own)")
    p.add_argument("--answers", metavar="FILE", help="answer key (default DIR/../<dirname>-answers.json)")
    p.add_argument("--show", type=int, default=20, help="differences to print per kind (default 20)")
    args = p.parse_args(argv)
    tree = os.path.abspath(args.tree)
    answers_path = args.answers or os.path.join(os.path.dirname(tree), os.path.basename(tree) + "-answers.json")
    try:
        with open(answers_path, encoding="utf-8") as f:
            answers = json.load(f)
    except (OSError, ValueError) as e:
        print("check_answers: cannot read the answer key %s: %s" % (answers_path, e), file=sys.stderr)
        return 2
    config = answers.get("config")
    if args.findings:
        with open(args.findings, encoding="utf-8") as f:
            report = json.load(f)
    elif args.shitong:
        cmd = [args.shitong, "validate", "--format", "json"]
        cmd += ["--config", os.path.join(tree, config)] if config else ["--no-config"]
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
    rules_bin = args.rules or args.shitong

    # "deviations": answer keys of older generators (level-* findings only)
    expected_rows = answers.get("expected", answers.get("deviations", []))
    expected = collections.Counter((d["file"], d["rule"], d["item"]) for d in expected_rows)
    where = {}
    for d in expected_rows:
        where.setdefault((d["file"], d["rule"], d["item"]), d.get("line") or d.get("item_line"))
    found = collections.Counter()
    detail = {}
    for x in report["findings"]:
        rel = ""
        if x.get("file"):
            path = os.path.abspath(x["file"])  # relative paths: to the current directory of the run,
            if not os.path.isabs(x["file"]) and not os.path.exists(path) and \
                    os.path.exists(os.path.join(tree, x["file"])):
                path = os.path.join(tree, x["file"])  # or to DIR (validate run inside DIR)
            rel = os.path.relpath(path, tree)
        k = (rel, x["rule"], x.get("item", ""))
        found[k] += 1
        detail.setdefault(k, (x.get("line"), x.get("path", ""), x.get("message", "")))
    missed = expected - found
    surplus = found - expected
    s = report.get("summary", {})
    print("check_answers: %s: %d files, %d items; %d deviations injected (expected findings), %d findings, "
          "%d missing, %d unexpected" % (args.tree, s.get("files", 0), s.get("items", 0), sum(expected.values()),
                                         sum(found.values()), sum(missed.values()), sum(surplus.values())))

    # per-rule table, in the order of `shitong rules` when the binary is at hand
    order = []
    if rules_bin:
        order = rule_ids(rules_bin)
    per = collections.defaultdict(lambda: [0, 0, 0, 0])
    for table, col in ((expected, 0), (found, 1), (missed, 2), (surplus, 3)):
        for (_, rule, _), n in table.items():
            per[rule][col] += n
    rows = [r for r in order if r in per] + sorted(r for r in per if r not in order)
    print("  %-26s %8s %8s %8s %10s" % ("rule", "expected", "found", "missing", "unexpected"))
    for r in rows:
        e, f, m, u = per[r]
        print("  %-26s %8d %8d %8d %10d%s" % (r, e, f, m, u, "" if not (m or u) else "  <--"))
    e, f, m, u = (sum(per[r][i] for r in rows) for i in range(4))
    print("  %-26s %8d %8d %8d %10d" % ("total", e, f, m, u))

    for title, table, info in (("expected but not reported", missed, lambda k: "line %s" % (where.get(k) or "?")),
                               ("reported but not expected", surplus,
                                lambda k: "line %s %s %s" % detail.get(k, ("?", "", "")))):
        items = sorted(table.elements())
        if items:
            print("%s: %d" % (title, len(items)))
            for k in items[:args.show]:
                print("  %s  %s  %s  (%s)" % (k[0], k[1], k[2] or '""', info(k)))
            if len(items) > args.show:
                print("  ...")

    errors = report.get("errors") or []
    for e in errors[:args.show]:
        print("validate error: %s" % (e,))
    uncovered = []
    if answers.get("all_rules"):
        if rules_bin:
            not_injectable = answers.get("not_injectable") or {}
            for r, why in sorted(not_injectable.items()):
                print("check_answers: %s is not injectable with every injection on: %s" % (r, why))
            uncovered = [r for r in order if (r not in per or per[r][0] == 0) and r not in not_injectable]
            if uncovered:
                print("rules of `shitong rules` that the key never expects (all injections were on): %d: %s"
                      % (len(uncovered), ", ".join(uncovered)))
            else:
                print("check_answers: the key covers all %d rules of `shitong rules` (%d not injectable, above)"
                      % (len(order), len([r for r in order if r in not_injectable])))
        else:
            print("check_answers: rule coverage not checked (give --rules SHITONG)")
    ok = not missed and not surplus and not uncovered and not errors
    why = [w for w, bad in (("findings differ from the key", missed or surplus), ("validate errors", errors),
                            ("rules not covered by the key", uncovered)) if bad]
    print("check_answers: %s" % ("OK — exactly the expected findings" if ok else "DIFFERENCES: " + "; ".join(why)))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
