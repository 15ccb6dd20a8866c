#!/usr/bin/python3
"""Checks that the JSON Schemas agree with shitong on every fixture.

Usage: schema_agreement.py SCHEMA_DIR SHITONG FIXTURE_DIR...

For every fixture file that PyYAML can read (YAML 1.2 booleans, dates kept as strings) and that
uses no alias and no duplicate key (PyYAML would expand or drop them), in both directions:
  1. when shitong reports a structural finding (missing-field, wrong-type, bad-enum,
     unknown-key, empty-value, unknown-kind), the schema rejects the file;
  2. when the schema rejects a value, shitong reports a finding (of any rule: a code pattern
     is rule code-format, say) at that value's path or inside it.
Prints each disagreement and a final "N file(s), M disagreement(s)" line; exit 1 when there
is a disagreement.
"""
import json
import os
import re
import subprocess
import sys

import jsonschema
import yaml

STRUCTURAL = {"missing-field", "wrong-type", "bad-enum", "unknown-key", "empty-value", "unknown-kind"}
SKIP = {"yaml-alias", "duplicate-key", "yaml-syntax", "encoding"}


class Loader(yaml.SafeLoader):
    """YAML 1.2 core-ish: only true/false are booleans, and dates stay strings."""


Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def main():
    schema_dir, shitong, roots = sys.argv[1], sys.argv[2], sys.argv[3:]
    validators = {}
    for kind in ("catalog", "certificates"):
        with open(os.path.join(schema_dir, f"{kind}.schema.json"), encoding="utf-8") as f:
            schema = json.load(f)
        jsonschema.Draft7Validator.check_schema(schema)
        validators[kind] = jsonschema.Draft7Validator(schema)
    files = []
    for root in roots:
        for d, dirs, names in os.walk(root):
            dirs.sort()
            files += [os.path.join(d, n) for n in sorted(names) if n.endswith((".yaml", ".yml")) and not n.startswith(".")]
    checked = disagreements = 0
    for path in files:
        try:
            with open(path, encoding="utf-8-sig") as f:
                docs = list(yaml.load_all(f, Loader=Loader))
        except Exception:
            continue  # not readable YAML: shitong reports yaml-syntax/encoding, nothing to compare
        if len(docs) != 1 or not isinstance(docs[0], dict) or docs[0].get("kind") not in validators:
            continue
        out = subprocess.run([shitong, "validate", "--no-config", "--format", "json", path],
                             capture_output=True, text=True).stdout
        findings = [f for f in json.loads(out)["findings"] if os.path.samefile(f["file"], path)]
        rules = {f["rule"] for f in findings}
        if rules & SKIP:
            continue
        checked += 1
        errors = list(validators[docs[0]["kind"]].iter_errors(docs[0]))
        structural = sorted(rules & STRUCTURAL)
        problems = []
        if structural and not errors:
            problems.append(f"schema accepts, shitong reports {structural}")
        for e in errors:
            where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in e.absolute_path).lstrip(".")
            if not any(f["path"].startswith(where) or where.startswith(f["path"]) and f["path"] for f in findings):
                problems.append(f"schema rejects {where or '(root)'} ({e.message[:100]}), shitong reports nothing there")
        if problems:
            disagreements += 1
            print(f"{path}: " + "; ".join(problems))
    print(f"{checked} file(s), {disagreements} disagreement(s)")
    sys.exit(1 if disagreements else 0)


if __name__ == "__main__":
    main()
