#!/usr/bin/env python3
"""Writes small .xlsx workbooks for the import tests with python3's zipfile, from a JSON spec:

  {"sheets": [{"name": "Sheet1", "rows": [["title"], [], ["事项名称", 370100105001]],
               "merge": ["A1:F1"], "inline": false}],
   "parts": {"xl/extra.xml": "<raw part text>"},      # added or replacing parts
   "sheet_xml": {"1": "<raw worksheet xml>"},         # replaces sheet 1's XML
   "zeros": {"xl/worksheets/sheet1.xml": 300000000}}  # a part of N spaces (zip bomb)

A cell is a string (shared string, or inline with "inline": true), a number, null (empty),
or {"f": "formula", "v": "cached value"} / {"e": "#N/A"}. Usage: make_xlsx.py SPEC.json OUT.xlsx
"""
import json
import sys
import zipfile
from xml.sax.saxutils import escape


def col_name(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def sheet_xml(sheet, shared):
    rows = []
    for r, row in enumerate(sheet.get("rows", []), start=1):
        cells = []
        for c, v in enumerate(row):
            ref = f"{col_name(c)}{r}"
            if v is None:
                continue
            if isinstance(v, dict) and "f" in v:
                cells.append(f'<c r="{ref}" t="str"><f>{escape(v["f"])}</f><v>{escape(str(v.get("v", "")))}</v></c>')
            elif isinstance(v, dict) and "e" in v:
                cells.append(f'<c r="{ref}" t="e"><v>{escape(v["e"])}</v></c>')
            elif isinstance(v, bool):
                cells.append(f'<c r="{ref}" t="b"><v>{int(v)}</v></c>')
            elif isinstance(v, (int, float)):
                cells.append(f'<c r="{ref}"><v>{v}</v></c>')
            elif sheet.get("inline"):
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(v)}</t></is></c>')
            else:
                if v not in shared:
                    shared[v] = len(shared)
                cells.append(f'<c r="{ref}" t="s"><v>{shared[v]}</v></c>')
        rows.append(f'<row r="{r}">{"".join(cells)}</row>')
    merges = ""
    if sheet.get("merge"):
        merges = f'<mergeCells count="{len(sheet["merge"])}">' + "".join(
            f'<mergeCell ref="{m}"/>' for m in sheet["merge"]) + "</mergeCells>"
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f'<sheetData>{"".join(rows)}</sheetData>{merges}</worksheet>')


def main():
    spec = json.load(open(sys.argv[1], encoding="utf-8"))
    out = sys.argv[2]
    shared = {}
    sheets = spec.get("sheets", [{"name": "Sheet1", "rows": []}])
    parts = {}
    for i, s in enumerate(sheets, start=1):
        parts[f"xl/worksheets/sheet{i}.xml"] = spec.get("sheet_xml", {}).get(str(i)) or sheet_xml(s, shared)
    wb_sheets = "".join(f'<sheet name="{escape(s["name"])}" sheetId="{i}" r:id="rId{i}"/>'
                        for i, s in enumerate(sheets, start=1))
    parts["xl/workbook.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<sheets>{wb_sheets}</sheets></workbook>')
    rels = "".join(f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                   f'relationships/worksheet" Target="worksheets/sheet{i}.xml"/>' for i in range(1, len(sheets) + 1))
    parts["xl/_rels/workbook.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'{rels}</Relationships>')
    sst = "".join(f'<si><t xml:space="preserve">{escape(s)}</t></si>' for s in shared)
    parts["xl/sharedStrings.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{len(shared)}" '
        f'uniqueCount="{len(shared)}">{sst}</sst>')
    parts["[Content_Types].xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
    parts.update(spec.get("parts", {}))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            if name in spec.get("zeros", {}):
                continue
            z.writestr(name, text)
        for name, n in spec.get("zeros", {}).items():
            with z.open(name, "w", force_zip64=True) as f:
                chunk = b" " * (1 << 20)
                left = n
                while left > 0:
                    f.write(chunk[:min(left, len(chunk))])
                    left -= len(chunk)


if __name__ == "__main__":
    main()
