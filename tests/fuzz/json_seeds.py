#!/usr/bin/env python3
"""Seeds of the import_json harness, written at run time by tests/fuzz/run.sh: each CSV that
`shitong export` made of a bundled catalog becomes JSON exports in the shapes portals use -- a
top-level array of objects, the array under {"code": 0, "data": {"list": ...}} with \\u escapes,
multi-line cells as arrays, materials as nested objects keyed as the exchange table, and a
mapping file (the part before the line "#json") that renames the keys back.

    json_seeds.py SEED_DIR EXPORT.csv...
"""
import csv
import hashlib
import json
import os
import sys

RENAMED = {"主项名称": "办件名称", "事项编码": "目录码", "实施主体": "主管部门"}


def rows_of(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return [dict(r) for r in csv.DictReader(f)]


def exchange_style(row):
    """Materials as objects of the exchange table, the other multi-line cells as arrays."""
    out = {}
    for key, value in row.items():
        if not value:
            out[key] = None
        elif key == "申请材料":
            out["materials"] = [{"material_name": line.split("（")[0], "is_need": 1, "page_num": 1}
                                for line in value.split("\n") if line]
        elif "\n" in value:
            out[key] = value.split("\n")
        elif key == "事项编码" and value.isdigit():
            out["catalog_code"] = int(value)
        else:
            out[key] = value
    return out


def write(seed_dir, text):
    data = text.encode("utf-8")
    name = hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(seed_dir, "json-" + name), "wb") as f:
        f.write(data)


def main():
    seed_dir, exports = sys.argv[1], sys.argv[2:]
    mapping = "kind: import-mapping\nversion: 1\ncolumns:\n" + "".join(
        f"  {new}: {old}\n" for old, new in RENAMED.items()) + "values:\n  material_need: {\"1\": 必要, \"2\": 非必要}\n"
    for path in exports:
        rows = rows_of(path)
        # a few items a seed, a few seeds a catalog: each well under run.sh's -max_len of 64 KiB
        for chunk in [rows[i:i + 6] for i in range(0, min(len(rows), 18), 6)]:
            write(seed_dir, json.dumps(chunk, ensure_ascii=False, indent=1))
            write(seed_dir, json.dumps({"code": 0, "data": {"total": len(chunk),
                                                            "list": [exchange_style(r) for r in chunk]}}))
            renamed = [{RENAMED.get(k, k): v for k, v in r.items()} for r in chunk]
            write(seed_dir, mapping + "#json\n" + json.dumps({"rows": renamed}, ensure_ascii=False))


if __name__ == "__main__":
    main()
