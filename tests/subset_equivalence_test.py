#!/usr/bin/env python3
"""Subset equivalence (docs/context.md): for every file F of a repository, `shitong validate F`
reports exactly the findings that the run on the whole repository reports in F — with a cold
cache, with a warm one (warmed by F itself and by the whole-tree run), at --jobs 1 and 2 — and so
does a run on a few random subsets of several files. Repositories: the bundled catalogs/ (a copy,
with its .shitong.yaml) and a small generated province (bench/gen_province.py, every injection).

    subset_equivalence_test.py SOURCE_DIR SHITONG
"""

import json
import os
import random
import shutil
import subprocess
import sys
import tempfile


def run(shitong, cwd, args):
    p = subprocess.run([shitong, "validate", "--format", "json", "-q"] + args, cwd=cwd, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    if p.returncode not in (0, 1):
        raise SystemExit("validate %s failed (exit %d): %s" % (" ".join(args), p.returncode, p.stderr.decode()))
    return json.loads(p.stdout)


def by_file(result):
    out = {}
    for f in result["findings"]:
        out.setdefault(f["file"], []).append(json.dumps(f, ensure_ascii=False, sort_keys=True))
    return {k: sorted(v) for k, v in out.items()}


def yaml_files(root):
    out = []
    for d, dirs, files in os.walk(root):
        dirs[:] = sorted(x for x in dirs if not x.startswith("."))
        out += [os.path.relpath(os.path.join(d, f), root) for f in files
                if f.endswith((".yaml", ".yml")) and not f.startswith(".")]
    return sorted(out)


def check_subset(shitong, root, whole, subset, extra, label, failures):
    got = by_file(run(shitong, root, extra + subset))
    for f in subset:
        if got.get(f, []) != whole.get(f, []):
            failures.append("%s: %s: %d findings alone, %d in the whole run\n  only alone: %s\n  only whole: %s" % (
                label, f, len(got.get(f, [])), len(whole.get(f, [])),
                sorted(set(got.get(f, [])) - set(whole.get(f, [])))[:3],
                sorted(set(whole.get(f, [])) - set(got.get(f, [])))[:3]))
    for f in got: # nothing of the context, and nothing of files outside the run but the config
        if f not in subset and not f.endswith(".shitong.yaml"):
            failures.append("%s: findings of %s, which is not an input" % (label, f))


def check_repository(shitong, root, failures):
    files = yaml_files(root)
    whole = by_file(run(shitong, root, ["--no-cache", "."]))
    for jobs in ("1", "2"):
        cache = os.path.join(root, ".cache-" + jobs)
        for f in files:
            shutil.rmtree(cache, ignore_errors=True)
            for state in ("cold", "warm"):
                check_subset(shitong, root, whole, [f], ["--jobs", jobs, "--cache-dir", cache],
                             "%s --jobs %s %s" % (os.path.basename(root), jobs, state), failures)
        shutil.rmtree(cache, ignore_errors=True)
        run(shitong, root, ["--jobs", jobs, "--cache-dir", cache, "."]) # warm by the whole tree
        for f in files:
            check_subset(shitong, root, whole, [f], ["--jobs", jobs, "--cache-dir", cache],
                         "%s --jobs %s warm from the whole tree" % (os.path.basename(root), jobs), failures)
        rnd = random.Random(12)
        for n in range(4):
            subset = sorted(rnd.sample(files, min(len(files), 2 + n)))
            for state in ("warm", "cold"):
                if state == "cold":
                    shutil.rmtree(cache, ignore_errors=True)
                check_subset(shitong, root, whole, subset, ["--jobs", jobs, "--cache-dir", cache],
                             "%s --jobs %s subset %s" % (os.path.basename(root), jobs, state), failures)
    return len(files)


def main():
    src, shitong = sys.argv[1], os.path.abspath(sys.argv[2])
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        bundled = os.path.join(tmp, "catalogs")
        shutil.copytree(os.path.join(src, "catalogs"), bundled)
        generated = os.path.join(tmp, "province")
        gen = subprocess.run([sys.executable, os.path.join(src, "bench", "gen_province.py"), "-o", generated,
                              "--scale", "1", "--items", "30", "--deviation-rate", "0.3", "--violation-rate", "0.3",
                              "--seed", "5"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if gen.returncode != 0:
            raise SystemExit("gen_province.py failed: " + gen.stderr.decode())
        counts = [check_repository(shitong, root, failures) for root in (bundled, generated)]
    for f in failures:
        print(f)
    if failures:
        raise SystemExit("subset equivalence: %d differences" % len(failures))
    print("subset equivalence: every file of catalogs/ (%d) and of a generated province (%d) alone = its share of "
          "the whole run, cold and warm, --jobs 1 and 2, and 8 random subsets of each" % tuple(counts))


if __name__ == "__main__":
    main()
