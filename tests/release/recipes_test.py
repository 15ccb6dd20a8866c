#!/usr/bin/env python3
"""Runs the CI recipes of docs/ci.md as far as this machine allows (docs/ci.md says how far).

    recipes_test.py SOURCE_DIR DIST_DIR

Each recipe is the YAML block after a `<!-- recipe: NAME -->` line. For each:
  - its YAML is checked against the CI system's schema: GitHub workflows with action-validator
    (npm @action-validator/cli), GitLab CI with the schema gitlab-ci-local (npm) bundles,
    pre-commit files with pre-commit itself (Debian package); each validator is first shown to
    reject a broken copy, so a check that cannot fail does not pass silently;
  - its shell steps run on a git repository holding a copy of the sample catalogs, with the
    release files of DIST_DIR served as SHITONG_URL=file://DIST_DIR; the debian:12 recipes (GitLab,
    the GitHub source build) in a fresh Debian 12 minbase chroot.
SHITONG_RECIPES_SOURCE_BUILD: `chroot` (default), `host` (the source build on this machine), `0`.
npm tools are installed once into $SHITONG_RELEASE_CACHE/npm. Needs root for the GitLab job's
Debian 12 chroot (tests/release/chroot.sh).
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

import yaml

src, dist = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
here = os.path.dirname(os.path.abspath(__file__))
cache = os.environ.get("SHITONG_RELEASE_CACHE", "/var/cache/shitong-release")
npm_dir = os.path.join(cache, "npm")
version = re.search(r"project\(shitong VERSION (\S+)", open(os.path.join(src, "CMakeLists.txt")).read())[1]
failures = []


def check(ok, what):
    print(("ok: " if ok else "FAIL: ") + what, flush=True)
    if not ok:
        failures.append(what)


def sh(cmd, **kw):
    return subprocess.run(cmd, shell=isinstance(cmd, str), text=True, capture_output=True, **kw)


def recipes():
    text = open(os.path.join(src, "docs", "ci.md"), encoding="utf-8").read()
    found = {}
    for m in re.finditer(r"<!-- recipe: (\S+) -->\n```yaml\n(.*?)```", text, re.S):
        found[m[1]] = m[2]
    return found


def npm_tool(name, packages):
    exe = os.path.join(npm_dir, "node_modules", ".bin", name)
    if not os.path.exists(exe):
        os.makedirs(npm_dir, exist_ok=True)
        if not os.path.exists(os.path.join(npm_dir, "package.json")):
            open(os.path.join(npm_dir, "package.json"), "w").write('{"name": "shitong-release-tools", "private": true}\n')
        r = sh(["npm", "install", "--no-audit", "--no-fund", *packages], cwd=npm_dir)
        if r.returncode != 0:
            print(r.stdout, r.stderr)
    return exe


def git(repo, *args):
    r = subprocess.run(["git", "-C", repo, *args], text=True, capture_output=True)
    if r.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)}: {r.stderr}")
    return r.stdout


def catalog_repo(tmp, name="catalogs", files=None):
    """A bare 'origin' with one commit on main holding catalogs/ (all samples, or `files`)."""
    work = os.path.join(tmp, name + "-init")
    if files is None:
        shutil.copytree(os.path.join(src, "catalogs"), os.path.join(work, "catalogs"))
    else:
        for f in files:
            os.makedirs(os.path.dirname(os.path.join(work, "catalogs", f)), exist_ok=True)
            shutil.copy(os.path.join(src, "catalogs", f), os.path.join(work, "catalogs", f))
    open(os.path.join(work, ".gitignore"), "w").write(".shitong-cache/\n")
    git(work, "init", "-q", "-b", "main")
    git(work, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "add", ".")
    git(work, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-qm", "catalogs")
    origin = os.path.join(tmp, name + ".git")
    subprocess.run(["git", "clone", "-q", "--bare", work, origin], check=True)
    return origin


def checkout(origin, dest, branch_change=None):
    """actions/checkout with fetch-depth 0; a pull request gets a branch with one edit."""
    subprocess.run(["git", "clone", "-q", origin, dest], check=True)
    if branch_change:
        git(dest, "checkout", "-qb", "pr")
        with open(os.path.join(dest, branch_change), "a", encoding="utf-8") as f:
            f.write("# 修改\n")
        git(dest, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-qam", "edit")


def expand(script, event):
    subst = {"github.event_name": event, "github.base_ref": "main" if event == "pull_request" else ""}
    return re.sub(r"\$\{\{\s*([\w.]+)\s*\}\}", lambda m: subst[m[1]], script)


def run_workflow(doc, workspace, event, tmp, skip=()):
    """The run: steps of the one job, in order, as GitHub runs them (bash -e, GITHUB_PATH)."""
    job = next(iter(doc["jobs"].values()))
    runner_temp = tempfile.mkdtemp(dir=tmp)
    env = dict(os.environ)
    env.update({k: str(v) for k, v in doc.get("env", {}).items()})
    env.update({"SHITONG_URL": "file://" + dist, "GITHUB_WORKSPACE": workspace, "RUNNER_TEMP": runner_temp,
                "GITHUB_PATH": os.path.join(runner_temp, "path"), "HOME": runner_temp, "CI": "true",
                "GITHUB_STEP_SUMMARY": os.path.join(runner_temp, "summary.md"), "GITHUB_EVENT_NAME": event})
    env["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin"  # no shitong of this machine's
    results = []
    for step in job["steps"]:
        if "run" not in step:
            continue
        if step.get("name") in skip:
            results.append((step.get("name"), None, "(skipped)"))
            continue
        if os.path.exists(env["GITHUB_PATH"]):
            extra = [l.strip() for l in open(env["GITHUB_PATH"]) if l.strip()]
            env["PATH"] = ":".join(reversed(extra)) + ":/usr/sbin:/usr/bin:/sbin:/bin"
        r = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", expand(step["run"], event)],
                           cwd=workspace, env=env, text=True, capture_output=True)
        results.append((step.get("name"), r.returncode, r.stdout + r.stderr))
        if r.returncode != 0:
            break
    return results, env


def schema_checks(rs, tmp):
    validator = npm_tool("action-validator", ["@action-validator/cli@0.6.0"])
    for name in ("github-tarball", "github-source"):
        wf = os.path.join(tmp, name + ".yml")
        open(wf, "w").write(rs[name])
        r = sh([validator, wf])
        check(r.returncode == 0, f"{name}: action-validator (SchemaStore workflow schema) {r.stdout[-300:]}{r.stderr[-300:]}")
    broken = os.path.join(tmp, "broken.yml")
    open(broken, "w").write(rs["github-tarball"].replace("runs-on:", "runs-onn:"))
    check(sh([validator, broken]).returncode != 0, "action-validator rejects a misspelt key (runs-onn)")

    gcl = npm_tool("gitlab-ci-local", ["gitlab-ci-local@4.75.1"])
    for text, want_ok, what in ((rs["gitlab"], True, "gitlab: the GitLab CI schema (gitlab-ci-local --list)"),
                                (rs["gitlab"].replace("when: always", "when: sometimes"), False,
                                 "gitlab-ci-local rejects artifacts.when: sometimes")):
        d = tempfile.mkdtemp(dir=tmp)
        open(os.path.join(d, ".gitlab-ci.yml"), "w").write(text)
        git(d, "init", "-q")
        git(d, "remote", "add", "origin", "https://gitlab.example.invalid/office/catalogs.git")
        git(d, "config", "user.name", "t")
        git(d, "config", "user.email", "t@example.invalid")
        git(d, "commit", "-q", "--allow-empty", "-m", "x")
        # gitlab-ci-local 4.75 needs Node 22's Set methods; this machine has Node 20
        r = sh(["node", "--import", os.path.join(here, "set-methods.mjs"), os.path.realpath(gcl), "--list"],
               cwd=d, env=dict(os.environ, HOME=d))
        ok = r.returncode == 0 and "shitong" in r.stdout
        check(ok == want_ok, f"{what} {'' if ok == want_ok else r.stdout[-400:] + r.stderr[-400:]}")

    hooks = os.path.join(src, ".pre-commit-hooks.yaml")
    r = sh(["pre-commit", "validate-manifest", hooks])
    check(r.returncode == 0, f"pre-commit validate-manifest .pre-commit-hooks.yaml {r.stdout}{r.stderr}")
    cfg = os.path.join(tmp, "pre-commit-config.yaml")
    open(cfg, "w").write(rs["pre-commit"])
    r = sh(["pre-commit", "validate-config", cfg])
    check(r.returncode == 0, f"pre-commit validate-config (the docs' example) {r.stdout}{r.stderr}")
    open(cfg, "w").write(rs["pre-commit"].replace("rev:", "revision:"))
    check(sh(["pre-commit", "validate-config", cfg]).returncode != 0, "pre-commit validate-config rejects revision:")


def github_tarball(rs, tmp):
    doc = yaml.safe_load(rs["github-tarball"])
    check(str(doc["env"]["SHITONG_VERSION"]) == version, "github-tarball: SHITONG_VERSION is the project version")
    origin = catalog_repo(tmp)
    counts = {}
    for event in ("push", "pull_request"):
        ws = os.path.join(tmp, "gh-" + event)
        checkout(origin, ws, "catalogs/山东省/370102-历下区.yaml" if event == "pull_request" else None)
        results, env = run_workflow(doc, ws, event, tmp)
        names = [n for n, _, _ in results]
        codes = {n: c for n, c, _ in results}
        out = {n: o for n, _, o in results}
        check(codes.get("Install shitong") == 0, f"github-tarball ({event}): Install shitong {out.get('Install shitong', '')[-500:]}")
        v = out.get("Validate", "")
        check(codes.get("Validate") == 1 and f"shitong {version} (commit" in v and "::error file=catalogs/" in v,
              f"github-tarball ({event}): Validate runs the tarball's shitong and fails on the samples' errors "
              f"(exit {codes.get('Validate')}) {v[-300:] if codes.get('Validate') != 1 else ''}")
        counts[event] = v.count("::error ") + v.count("::warning ")
        check(os.path.getsize(os.path.join(ws, "shitong.sarif")) > 1000 and os.path.exists(os.path.join(ws, "shitong-junit.xml")),
              f"github-tarball ({event}): SARIF and JUnit reports written")
        check(os.path.exists(env["GITHUB_STEP_SUMMARY"]) and os.path.getsize(env["GITHUB_STEP_SUMMARY"]) > 0,
              f"github-tarball ({event}): the step summary is written")
        print(f"   steps run: {names}")
    check(0 < counts["pull_request"] < counts["push"],
          f"github-tarball: --changed-since on the pull request reports fewer findings ({counts})")


def github_source(rs, tmp):
    doc = yaml.safe_load(rs["github-source"])
    origin = catalog_repo(tmp, "catalogs-src")
    # under the source tree so that ccache (base_dir) serves the build of this very commit
    ws = tempfile.mkdtemp(prefix="recipes-", dir=os.path.join(src, "build-release"))
    try:
        checkout(origin, ws)
        subprocess.run(["git", "clone", "-q", src, os.path.join(ws, ".shitong-src")], check=True)
        os.environ.setdefault("CMAKE_CXX_COMPILER_LAUNCHER", "ccache")
        os.environ.setdefault("CMAKE_C_COMPILER_LAUNCHER", "ccache")
        # the container's apt-get for git is not run on this machine (git is installed)
        results, _ = run_workflow(doc, ws, "push", tmp, skip=("git for actions/checkout",))
        codes = {n: c for n, c, _ in results}
        out = {n: o for n, _, o in results}
        check(codes.get("Build shitong") == 0, f"github-source: Build shitong {out.get('Build shitong', '')[-800:]}")
        v = out.get("Validate", "")
        check(codes.get("Validate") == 1 and "::error file=catalogs/" in v and f"shitong {version}" in v,
              f"github-source: Validate with the source-built shitong (exit {codes.get('Validate')}) {v[-300:]}")
    finally:
        shutil.rmtree(ws, ignore_errors=True)


def github_source_chroot(rs, tmp):
    """The same recipe in a fresh Debian 12 minbase chroot standing in for the debian:12 container:
    every run: step, the container's apt-get of git included, from a system with nothing installed."""
    doc = yaml.safe_load(rs["github-source"])
    job = next(iter(doc["jobs"].values()))
    clean = subprocess.run(["bash", os.path.join(here, "chroot.sh"), "bookworm"], text=True, capture_output=True,
                           check=True).stdout.strip()
    root = tempfile.mkdtemp(prefix="shitong-ghsrc-", dir="/var/tmp")
    mounts = []
    try:
        subprocess.run(["cp", "-a", clean + "/.", root], check=True)
        shutil.copy("/etc/resolv.conf", os.path.join(root, "etc/resolv.conf"))
        # /proc for cmake and ninja; the downloaded .debs kept between runs (the packages only)
        archives = os.path.join(cache, "apt-archives-bookworm")
        os.makedirs(os.path.join(archives, "partial"), exist_ok=True)
        for args, where in ((["-t", "proc", "proc"], "proc"), (["--bind", archives], "var/cache/apt/archives")):
            subprocess.run(["mount", *args, os.path.join(root, where)], check=True)
            mounts.append(os.path.join(root, where))
        ws = "/__w/catalogs/catalogs"  # where GitHub puts the workspace in a job container
        # actions/checkout (both): a git clone by this machine's git into the container's file system;
        # the second one clones the commit under test, standing in for the tag the recipe names
        checkout(catalog_repo(tmp, "catalogs-chroot"), root + ws)
        subprocess.run(["git", "clone", "-q", src, root + ws + "/.shitong-src"], check=True)
        env = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME": "/github/home",
               "CI": "true", "GITHUB_WORKSPACE": ws, "RUNNER_TEMP": "/__w/_temp",
               "GITHUB_PATH": "/__w/_temp/path", "GITHUB_STEP_SUMMARY": "/__w/_temp/summary.md",
               "GITHUB_EVENT_NAME": "push", "LANG": "C.UTF-8",
               # two shared cores here; GitHub's runners choose their own
               "CMAKE_BUILD_PARALLEL_LEVEL": os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL", "2")}
        os.makedirs(root + "/__w/_temp", exist_ok=True)
        os.makedirs(root + "/github/home", exist_ok=True)
        base_path = env["PATH"]
        codes, out = {}, {}
        for step in job["steps"]:
            if "run" not in step:
                continue
            if os.path.exists(root + env["GITHUB_PATH"]):
                extra = [l.strip() for l in open(root + env["GITHUB_PATH"]) if l.strip()]
                env["PATH"] = ":".join(reversed(extra)) + ":" + base_path
            script = f"cd {ws}\n" + expand(step["run"], "push")
            start = time.monotonic()
            r = subprocess.run(["chroot", root, "/usr/bin/env", "-i", *[f"{k}={v}" for k, v in env.items()],
                                "bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
                               text=True, capture_output=True)
            codes[step.get("name")], out[step.get("name")] = r.returncode, r.stdout + r.stderr
            print(f"   chroot step {step.get('name')!r}: exit {r.returncode}, {time.monotonic() - start:.0f} s", flush=True)
            if r.returncode != 0:
                break
        ok = codes.get("git for actions/checkout") == 0
        check(ok, f"github-source (chroot): apt-get of git {'' if ok else out.get('git for actions/checkout', '')[-500:]}")
        ok = codes.get("Build shitong") == 0
        check(ok, f"github-source (chroot): Build shitong on a clean Debian 12 (.ci/deps, cmake) "
                  f"{'' if ok else out.get('Build shitong', '')[-800:]}")
        v = out.get("Validate", "")
        ok = codes.get("Validate") == 1 and "::error file=catalogs/" in v and f"shitong {version}" in v
        check(ok, f"github-source (chroot): Validate with the source-built shitong (exit {codes.get('Validate')}) "
                  f"{'' if ok else v[-300:]}")
    finally:
        ok = True
        for m in reversed(mounts):
            ok = subprocess.run(["umount", m]).returncode == 0 and ok
        if ok:  # never remove a tree with a file system still mounted in it
            shutil.rmtree(root, ignore_errors=True)


def gitlab(rs, tmp):
    doc = yaml.safe_load(rs["gitlab"])
    job = doc["shitong"]
    check(str(job["variables"]["SHITONG_VERSION"]) == version, "gitlab: SHITONG_VERSION is the project version")
    clean = subprocess.run(["bash", os.path.join(here, "chroot.sh"), "bookworm"], text=True, capture_output=True,
                           check=True).stdout.strip()
    root = tempfile.mkdtemp(prefix="shitong-gitlab-", dir="/var/tmp")
    try:
        subprocess.run(["cp", "-a", clean + "/.", root], check=True)
        shutil.copy("/etc/resolv.conf", os.path.join(root, "etc/resolv.conf"))
        shutil.copytree(dist, os.path.join(root, "dist"))
        origin = catalog_repo(tmp, "catalogs-gl")
        subprocess.run(["git", "clone", "-q", origin, os.path.join(root, "builds/office/catalogs")], check=True)
        variables = dict(job["variables"], SHITONG_URL="file:///dist")
        script = "\n".join(job["before_script"] + job["script"])
        exports = "".join(f"export {k}='{v}'\n" for k, v in variables.items())
        r = subprocess.run(["chroot", root, "/usr/bin/env", "-i", "PATH=/usr/local/bin:/usr/bin:/bin", "HOME=/root",
                            "CI=true", "/bin/sh", "-ec", f"cd /builds/office/catalogs\n{exports}{script}"],
                           text=True, capture_output=True)
        ws = os.path.join(root, "builds/office/catalogs")
        reports = [os.path.join(ws, p) for p in ("shitong-junit.xml", "shitong.md", "shitong.html")]
        check(r.returncode == 1 and "个错误" in r.stdout + r.stderr and all(os.path.getsize(p) > 500 for p in reports if os.path.exists(p))
              and all(map(os.path.exists, reports)),
              f"gitlab: the job in a clean Debian 12 chroot fails on the samples' errors with its three reports "
              f"(exit {r.returncode}) {(r.stdout + r.stderr)[-600:] if r.returncode != 1 else ''}")
    finally:
        shutil.rmtree(root, ignore_errors=True)


def pre_commit(rs, tmp):
    doc = yaml.safe_load(rs["pre-commit"])
    rev = doc["repos"][0]["rev"]
    check(rev == "v" + version, f"pre-commit: rev {rev} is v + the project version")
    mirror = os.path.join(tmp, "shitong-mirror")
    subprocess.run(["git", "clone", "-q", src, mirror], check=True)
    git(mirror, "tag", rev)  # the release tag, as the office's mirror would carry it
    tar = os.path.join(dist, f"shitong-{version}-linux-x86_64.tar.gz")
    subprocess.run(["tar", "xzf", tar, "-C", tmp], check=True)
    env = dict(os.environ, PRE_COMMIT_HOME=os.path.join(tmp, "pre-commit-home"), HOME=tmp,
               PATH=os.path.join(tmp, f"shitong-{version}-linux-x86_64", "bin") + ":/usr/bin:/bin")
    for name, files, want in (("all samples", None, 1),
                              ("clean samples", ["山东省/370000-山东省.yaml", "证明事项/000000-全国.yaml",
                                                 "证明事项/370000-山东省.yaml"], 0)):
        origin = catalog_repo(tmp, "pc-" + str(want), files)
        ws = os.path.join(tmp, "pc-ws-" + str(want))
        checkout(origin, ws)
        open(os.path.join(ws, ".pre-commit-config.yaml"), "w").write(
            rs["pre-commit"].replace(doc["repos"][0]["repo"], mirror))
        r = sh(["pre-commit", "run", "--all-files"], cwd=ws, env=env)
        out = r.stdout + r.stderr
        check(r.returncode == want and "shitong validate" in out,
              f"pre-commit: the hook on the {name} exits {r.returncode} (want {want}) {out[-500:] if r.returncode != want else ''}")


def main():
    rs = recipes()
    check(set(rs) == {"github-tarball", "github-source", "gitlab", "pre-commit"}, f"docs/ci.md recipes: {sorted(rs)}")
    tmp = tempfile.mkdtemp(prefix="shitong-recipes-")
    try:
        schema_checks(rs, tmp)
        github_tarball(rs, tmp)
        gitlab(rs, tmp)
        pre_commit(rs, tmp)
        # SHITONG_RECIPES_SOURCE_BUILD: chroot (default) in a clean Debian 12 chroot standing in for
        # the debian:12 container, host on this machine itself (quicker, with ccache), 0 not at all
        mode = os.environ.get("SHITONG_RECIPES_SOURCE_BUILD", "chroot")
        if mode == "host":
            github_source(rs, tmp)
        elif mode != "0":
            github_source_chroot(rs, tmp)
        else:
            print("skipped: github-source (SHITONG_RECIPES_SOURCE_BUILD=0)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if failures:
        print(f"{len(failures)} recipe check(s) failed")
        sys.exit(1)
    print("all recipe checks passed")


main()
