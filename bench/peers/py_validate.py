#!/usr/bin/env python3
"""Peer validator for bench/run: PyYAML (libyaml-backed CSafeLoader) + jsonschema.

    py_validate.py SCHEMA_DIR PATH...

Walks each PATH (a file, or a directory walked recursively for .yaml/.yml, hidden entries
skipped, like `shitong validate`), loads every file with yaml.CSafeLoader and validates it
against the schema its top-level `kind` names: SCHEMA_DIR/<kind>.schema.json
(catalog.schema.json, certificates.schema.json), with the jsonschema validator class for the
schema's own draft (validator_for). Structure only: none of shitong's cross-file rules.

YAML semantics: PyYAML follows YAML 1.1, which turns an unquoted 2024-05-10 into a date
object; shitong (and YAML 1.2's core schema) read it as a string, which the schema demands.
The loader below drops the timestamp resolver so that both read the same data; everything
else is the stock CSafeLoader.

Prints "N files, M invalid, E errors" on stdout; exit 0 when every file is valid, 1 when one
is not, 2 on a usage, I/O or YAML error.
"""
import json
import os
import sys

import jsonschema
import yaml

try:
    _Base = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml: say so, a pure-Python run is no fair peer
    sys.exit("py_validate: PyYAML has no CSafeLoader (built without libyaml)")


class Loader(_Base):
    """CSafeLoader without the YAML 1.1 timestamp resolver (dates stay strings)."""


Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()
}


def walk(paths):
    for p in paths:
        if os.path.isdir(p):
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for f in sorted(files):
                    if not f.startswith(".") and f.endswith((".yaml", ".yml")):
                        yield os.path.join(root, f)
        else:
            yield p


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    schema_dir, paths = argv[1], argv[2:]
    validators = {}

    def validator(kind):
        if kind not in validators:
            path = os.path.join(schema_dir, "%s.schema.json" % kind)
            if not isinstance(kind, str) or not os.path.isfile(path):
                validators[kind] = None
            else:
                with open(path, encoding="utf-8") as f:
                    schema = json.load(f)
                cls = jsonschema.validators.validator_for(schema)
                cls.check_schema(schema)
                validators[kind] = cls(schema)
        return validators[kind]

    files = invalid = errors = 0
    for path in walk(paths):
        try:
            with open(path, "rb") as f:
                data = yaml.load(f, Loader=Loader)
        except (OSError, yaml.YAMLError) as e:
            print("%s: %s" % (path, e), file=sys.stderr)
            return 2
        files += 1
        v = validator(data.get("kind") if isinstance(data, dict) else None)
        if v is None:
            print("%s: no schema for kind %r" % (path, data.get("kind") if isinstance(data, dict) else None),
                  file=sys.stderr)
            invalid += 1
            errors += 1
            continue
        n = 0
        for err in v.iter_errors(data):
            if n < 3:
                print("%s: %s: %s" % (path, "/".join(str(x) for x in err.absolute_path), err.message),
                      file=sys.stderr)
            n += 1
        if n:
            invalid += 1
            errors += n
    print("%d files, %d invalid, %d errors" % (files, invalid, errors))
    return 1 if invalid else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
