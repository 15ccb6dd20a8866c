#!/usr/bin/python3
"""Validates YAML files against a shitong JSON Schema with python3-jsonschema (Draft 7).

Usage: schema_check.py SCHEMA PATH...   (directories are walked for .yaml/.yml, hidden skipped)
A file of another known kind (a `kind: certificates` registry when SCHEMA is the catalog schema,
and the reverse) is skipped: it is checked with its own schema.
Dates stay strings, as in shitong (PyYAML would otherwise turn 2018-06-22 into a date).
Prints one line per schema error and a final "N error(s)" line; exit 0 unless the schema
itself is invalid or a file cannot be parsed.
"""
import json
import os
import sys

import jsonschema
import yaml


class Loader(yaml.SafeLoader):
    pass


Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


KINDS = ("catalog", "certificates")


def files(paths):
    for p in paths:
        if os.path.isdir(p):
            for root, dirs, names in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for n in sorted(names):
                    if n.endswith((".yaml", ".yml")) and not n.startswith("."):
                        yield os.path.join(root, n)
        else:
            yield p


def main():
    schema = json.load(open(sys.argv[1], encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    own_kind = schema.get("properties", {}).get("kind", {}).get("const")
    errors = 0
    for path in files(sys.argv[2:]):
        with open(path, encoding="utf-8-sig") as f:
            doc = yaml.load(f, Loader=Loader)
        if isinstance(doc, dict) and doc.get("kind") in KINDS and doc.get("kind") != own_kind:
            continue
        for e in sorted(validator.iter_errors(doc), key=lambda e: list(map(str, e.absolute_path))):
            errors += 1
            where = "/".join(str(p) for p in e.absolute_path)
            print(f"{path}: {where}: {e.message}")
    print(f"{errors} error(s)")


if __name__ == "__main__":
    main()
