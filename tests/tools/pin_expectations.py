#!/usr/bin/env python3
"""Pins the full Chinese message on the `# expect:` lines of fixtures, from the real output.

    tests/tools/pin_expectations.py SHITONG [FIXTURE...]    (default: every fixture)

Run from the checkout. For each fixture (tests/fixtures/<rule>/trigger-*|pass-*, a file or a
directory, whose .shitong.yaml is its config) it runs `SHITONG validate --format json --no-context` (a fixture is exactly its files) and
rewrites every expect line `# expect: L:C SEVERITY RULE [MESSAGE]` with the message of the
finding at that position, severity and rule. Lines with no such finding are left alone and
listed (the fixtures test will fail on them). `shitong-ignore:` in a message is written
`shitong-ignore\\:`, so that the expect line is not an inline ignore comment itself. Read the
diff before committing: a pinned message is only as right as the tool that printed it.
"""
import json
import pathlib
import re
import subprocess
import sys

EXPECT = re.compile(rb"(# expect:[ ]*)(\d+:\d+ \S+ \S+)([^\r\n]*)")


def fixtures(args):
    if args:
        return [pathlib.Path(a) for a in args]
    root = pathlib.Path("tests/fixtures")
    return sorted(e for d in root.iterdir() if d.is_dir() for e in d.iterdir()
                  if e.name.startswith(("trigger-", "pass-")))


def findings(shitong, fixture):
    cmd = [shitong, "validate", "--format", "json", "--no-cache", "--no-context", "--jobs", "1"]
    cfg = fixture / ".shitong.yaml"
    cmd += ["--config", str(cfg)] if fixture.is_dir() and cfg.exists() else ["--no-config"]
    out = subprocess.run(cmd + [str(fixture)], capture_output=True, check=False)
    if out.returncode == 2:
        sys.exit(f"{fixture}: shitong failed: {out.stderr.decode()}")
    by_key = {}
    for f in json.loads(out.stdout)["findings"]:
        key = (f["file"], f"{f['line']}:{f['column']} {f['severity']} {f['rule']}")
        by_key.setdefault(key, []).append(f["message"])
    return by_key


def pin(path, by_key, unmatched):
    data = path.read_bytes()

    def repl(m):
        key = (str(path), m.group(2).decode())
        messages = by_key.get(key)
        if not messages:
            unmatched.append(f"{path}: {m.group(2).decode()}")
            return m.group(0)
        # not an inline ignore comment itself (the fixtures test reads it back)
        message = messages.pop(0).replace("shitong-ignore:", "shitong-ignore\\:")
        return m.group(1) + m.group(2) + b" " + message.encode()

    new = EXPECT.sub(repl, data)
    if new != data:
        path.write_bytes(new)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    shitong, unmatched = sys.argv[1], []
    for fx in fixtures(sys.argv[2:]):
        by_key = findings(shitong, fx)
        files = sorted(p for p in fx.rglob("*") if p.is_file()) if fx.is_dir() else [fx]
        for f in files:
            pin(f, by_key, unmatched)
    for u in unmatched:
        print(f"no finding for: {u}", file=sys.stderr)
    return 1 if unmatched else 0


if __name__ == "__main__":
    sys.exit(main())
