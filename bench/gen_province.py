#!/usr/bin/env python3
"""Generate a realistic catalog tree (province, cities, counties) with an answer key, for benchmarks.

Shape. By default one province shaped like 山东 (--province 37): the province catalog, one catalog
per prefecture city (地级) and one per county-level unit (县级), with the real current codes and
names of lib/data/areacodes.csv (状态 在用):

    DIR/370000-山东省.yaml
    DIR/370100-济南市/370100-济南市.yaml
    DIR/370100-济南市/370102-历下区.yaml
    ...
    DIR/证明事项/000000-全国.yaml             proof registries (kind: certificates, docs/format.md §5)
    DIR/证明事项/370000-山东省.yaml
    DIR/草稿/...                              a few small extra files (old versions, drafts)
    DIR/.shitong.yaml                         a config with one stale ignore entry and one typo

County-level units without a city (省直辖 XX90YY, the districts of 直辖市) sit in DIR next to the
province catalog. --national writes all 31 provinces (mainland), each in DIR/<code>-<name>/ laid
out as above (its own registry and drafts), with the national registry in DIR/证明事项/ and the
config in DIR; --provinces 37,41 writes only those. --scale K keeps the first K cities (with
their counties) and the first K county-level units without a city of every province.

Items. The province holds --items reference items (block-style YAML as bench/gen_catalog.py
writes them), most due at every level (`levels: [province, city, county]`), some at province and
city or at the province only; about one in ten asks for a retained proof (a material typed 证明
that the registries keep). A city copies the ten fields of every item due at city level
verbatim; a county copies them from its city (or from the province when its city lacks the item),
so a copy equals its reference (docs/format.md §7). Lower catalogs have their own agency, GB 32100-valid
agency_code and implementation_code, and are filled up to --items with local items that carry
`local_basis`.

Injected findings (all recorded in the answer key DIR/../<dirname>-answers.json):

  --deviation-rate R (default 0.02): that share of the copied items gets exactly one level
     deviation, i.e. one level-* finding: a material added / removed / changed, a longer /
     shorter promised time limit, another process, fee, article of a legal basis, name, sub-name,
     another form; in counties also another type (level-type plus code-type) or another code for
     the same name (level-code-mismatch); and a few copied items are dropped (level-missing-item)
     or followed by an extra item without local_basis (level-extra-item).
  --violation-rate V (default 0.002): about V x --items extra local items per catalog carry one
     violation each of the item rules (code-format, code-type, code-duplicate, name-duplicate,
     implementation-code, agency-code, agency-code-case, legal-basis-missing,
     time-limit-exceeds-legal, fee-basis-missing, process-incomplete, material-issuer-missing,
     material-duplicate, visits-reason-missing, zero-visit-channel, missing-field, wrong-type,
     bad-enum, unknown-key, empty-value, yaml-alias, duplicate-key, an inline shitong-ignore
     comment that silences nothing (unused-ignore), cert-cancelled, cert-unlisted, cert-odd,
     cert-shareable, cert-circular (a pair of items, which also gives two cert-shareable),
     agency-consistency (a body's code under a variant of its name), limit (a legal-basis article
     quoted in full, over the default text length limit of 4,000 characters)). agency-code takes
     the real-data forms in turn: a wrong check character, a truncated 17-character code, the
     9-character 组织机构代码 alone, a placeholder. The kinds are dealt round-robin, so every one
     occurs once the tree has 30 such violations.
     With V > 0 every province also gets its file-level and region findings once: a file with
     a tab (yaml-syntax), one in GB18030 (encoding), one with `kind: catalogue` (unknown-kind),
     a catalog under a code not in GB/T 2260 (region-unknown), an old full catalog under a
     retired county code (region-retired), a small old copy of a county catalog
     (region-duplicate), a county naming a sibling as `parent` (region-level), an odd-proof
     pattern with lookahead in its registry (cert-pattern); and DIR gets a
     .shitong.yaml with an unknown rule id (config) and an ignore entry that silences nothing
     (unused-ignore). shitong reads it only from the current directory or a parent, so check the
     tree with `--config DIR/.shitong.yaml` (check_answers.py does) or from inside DIR; with
     --no-config those two findings are simply absent.
  --profile sichuan: codes in Sichuan's layout (shitong's `sichuan` code profile): basic codes
     511A0138600000 for the types with a letter and 02-00001-001 for the others, implementation
     codes <basic>-<area>000000-000-<组织机构代码 with hyphen>-1-01; the implementation-code
     violation is an area code outside the region, code-type only where the code has a letter;
     DIR/.shitong.yaml says `code_profile: sichuan`. Use with --province 51.
  --clean: no injections at all (rates 0, no drafts, no config): a tree that validates clean.
  --no-registries: no proof registries (needs --violation-rate 0); every catalog then gets the note
     cert-no-registry. That is the only way the tree holds it: with every injection on, the national
     registry governs every catalog, so the key lists cert-no-registry under not_injectable.

The answer key lists every finding `shitong validate --format json` must report: file
(relative to DIR), rule, item (the item code the finding names, "" for file-level findings);
and, for information only, line (where the finding is reported; for level deviations item_line,
the item's `- code:` line instead), region, injected (what was injected) and reference (the upper
catalog a deviating item is compared with). Nothing else may be reported; bench/check_answers.py
compares the multisets of (file, rule, item).

Deterministic: the same arguments give byte-identical trees. Standard library only.
"""

import argparse
import csv
import json
import os
import random
import sys

sys.dont_write_bytecode = True  # no bench/__pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_catalog as gc  # noqa: E402  (item drawing and writing are shared)

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_AREACODES = os.path.join(HERE, "..", "lib", "data", "areacodes.csv")

ALL_LEVELS = ("province", "city", "county")
LEVEL_DIGIT = {"province": "2", "city": "3", "county": "4"}
# --profile sichuan: Sichuan's code layout (the `sichuan` code profile of shitong). Basic codes are
# 3 digits + a type letter + 10 characters for the types that have a letter, and national-style
# codes with hyphens (<type code>-<serial>-001) for the others; implementation codes are
# <basic code>-<12-digit area code>-000-<组织机构代码 with its hyphen>-1-01.
PROFILE = "national"
SICHUAN_LETTERS = {"01": "A", "09": "E", "07": "F", "05": "G", "08": "H", "10": "Z"}
SICHUAN_TYPE_OF_LETTER = {v: k for k, v in SICHUAN_LETTERS.items()}


def type_code_of(code):
    """The two-digit type code (gen_catalog.TYPE_CODES) a generated basic code was made for."""
    if PROFILE == "sichuan":
        return SICHUAN_TYPE_OF_LETTER[code[3]] if "-" not in code else code[:2]
    return code[2:4]


def has_type_slot(code):
    """True when the active profile puts a type code into this basic code (so code-type can fire)."""
    return PROFILE != "sichuan" or "-" not in code


def agency_yaml(agency, agency_code, level_digit, code, region_code):
    """agency, agency_code and implementation_code in the layout of the active profile."""
    if PROFILE != "sichuan":
        return gc.agency_yaml(agency, agency_code, level_digit, code)
    impl = "%s-%s000000-000-%s-%s-1-01" % (code, region_code, agency_code[8:16], agency_code[16])
    return ('    agency: ' + agency + '\n'
            '    agency_code: ' + gc.q(agency_code) + '\n'
            '    implementation_code: ' + gc.q(impl) + '\n')


LOCAL_SERIAL_START = 50000  # item serials below: province reference items; from here: local items
MAINLAND = ("11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
            "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65")
DRAFTS = "草稿"
REGISTRIES = "证明事项"

LOCAL_BASES = ["%s优化营商环境条例", "%s食品小作坊小餐饮和食品摊点管理条例", "%s城市建设管理条例",
               "%s物业管理条例", "%s养老服务条例", "%s人民政府关于深化“放管服”改革的实施意见"]

# ---------------------------------------------------------------------------
# Proof registries (docs/format.md §5). Made up for benchmarks, not any government's published list.

# (name, aliases, issuer, basis)
NATIONAL_RETAINED = [
    ("户籍证明", ["户口证明"], "公安机关", "户口登记条例"),
    ("出生医学证明", ["出生证明"], "助产机构", "中华人民共和国母婴保健法"),
    ("无犯罪记录证明", [], "公安机关", "公安机关办理犯罪记录查询工作规定"),
    ("食品从业人员健康证明", ["从业人员健康证明"], "医疗卫生机构", "中华人民共和国食品安全法"),
    ("完税证明", ["纳税证明"], "税务部门", "中华人民共和国税收征收管理法"),
    ("居民死亡医学证明", ["死亡医学证明"], "医疗卫生机构", "中华人民共和国统计法"),
]
# (name, aliases, replaced_by)
NATIONAL_CANCELLED = [
    ("亲属关系证明", ["直系亲属关系证明"], "数据共享"),
    ("婚姻状况证明", ["婚姻关系证明"], "告知承诺"),
    ("居住证明", ["居住情况证明"], "部门核查"),
    ("工作单位证明", ["在职证明"], "直接取消"),
]
# (pattern, reason, material names it catches)
NATIONAL_ODD = [
    ("(健在|活着|生存)证明", "不得要求群众自证生存状态，可通过人脸识别、数据比对等方式核验",
     ["申请人健在证明", "领取人生存证明"]),
    ("(父母|母子|父子|母女|父女)关系证明", "亲子关系可通过出生医学证明、户籍信息核验，不得要求群众自证",
     ["母子关系证明", "父女关系证明"]),
    ("(无|没有)(不良|违法)(行为|记录)的?证明", "无法由群众自证的消极事实，应通过信用信息共享核查",
     ["邻里无不良行为证明", "申请人无违法记录证明"]),
]
PROVINCE_RETAINED = [
    ("渔业船舶检验证明", [], "渔业船舶检验机构", "中华人民共和国渔业船舶检验条例"),
    ("房屋安全鉴定证明", [], "房屋安全鉴定机构", "城市危险房屋管理规定"),
    ("特种设备检验合格证明", ["特种设备检验证明"], "特种设备检验机构", "中华人民共和国特种设备安全法"),
]
# 户籍证明 is retained nationally but cancelled by every province: the more local registry wins.
PROVINCE_CANCELLED = [
    ("户籍证明", ["户口证明"], "数据共享"),
    ("社会保险缴费证明", ["社保缴费证明"], "数据共享"),
    ("经营场所产权证明", ["房屋产权证明"], "部门核查"),
]
# proofs (typed 证明) that no registry lists and no odd pattern matches: cert-unlisted
UNLISTED = [("经营场所权属情况证明", "街道办事处"), ("施工现场安全状况证明", "施工单位"),
            ("企业信用状况证明", "行业协会"), ("设备来源合法性证明", "设备供应商")]
# the proofs an item may legitimately ask for, within a province
RETAINED_IN_PROVINCE = [(n, i) for n, _, i, _ in NATIONAL_RETAINED if n not in {c[0] for c in PROVINCE_CANCELLED}] + \
                       [(n, i) for n, _, i, _ in PROVINCE_RETAINED]
CANCELLED_IN_PROVINCE = [n for n, _, _ in NATIONAL_CANCELLED] + [a for _, al, _ in PROVINCE_CANCELLED for a in al] + \
                        [n for n, _, _ in PROVINCE_CANCELLED]
PROOF_SHARE = 0.10  # share of items asking for one retained proof


def registry_text(scope, title, retained, cancelled, odd):
    out = ["# yaml-language-server: $schema=../../schemas/certificates.schema.json\n",
           "# %s（generated by bench/gen_province.py; benchmark input, not a published list）\n" % title,
           "kind: certificates\n", "version: 1\n", 'scope: "%s"\n' % scope]
    if retained:
        out.append("retained:\n")
        for name, aliases, issuer, basis in retained:
            out.append("  - name: %s\n" % name)
            if aliases:
                out.append("    aliases: %s\n" % gc.flow(aliases))
            out.append("    issuer: %s\n    basis: %s\n" % (issuer, basis))
    if cancelled:
        out.append("cancelled:\n")
        for name, aliases, replaced_by in cancelled:
            out.append("  - name: %s\n" % name)
            if aliases:
                out.append("    aliases: %s\n" % gc.flow(aliases))
            out.append("    replaced_by: %s\n" % replaced_by)
    if odd:
        out.append("odd:\n")
        for pattern, reason, _ in odd:
            out.append("  - pattern: '%s'\n    reason: %s\n" % (pattern, reason))
    return "".join(out)


def proof(name, issuer):
    return {"name": name, "type": "证明", "form": "原件", "copies": 1, "necessity": "必要", "source": "其他",
            "issuer": issuer}


def licence(name, issuer):
    return {"name": name, "type": "证照", "form": "原件", "copies": 1, "necessity": "必要", "source": "政府部门核发",
            "issuer": issuer}


# ---------------------------------------------------------------------------
# Regions


def read_table(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def read_regions(table, prefix):
    """(province, [(city, [county...])...], [orphan county...]) of the current codes under prefix.

    Each region is a dict: code, name (as in the table), full (display name), level."""
    rows = [r for r in table if r["状态"] == "在用" and r["代码"].startswith(prefix)]
    prov = [r for r in rows if r["代码"] == prefix + "0000"]
    if not prov:
        raise SystemExit("gen_province: no current province %s0000 in the region table" % prefix)
    pname = prov[0]["名称"]
    province = {"code": prov[0]["代码"], "name": pname, "full": pname, "level": "province"}
    cities = {}
    for r in rows:
        if r["级别"] == "地级" and r["代码"][2:4] != "90":
            cities[r["代码"]] = {"code": r["代码"], "name": r["名称"], "full": r["名称"], "level": "city"}
    under = {c: [] for c in cities}
    orphans = []
    for r in rows:
        if r["级别"] != "县级":
            continue
        city = r["代码"][:4] + "00"
        if city in cities:
            under[city].append({"code": r["代码"], "name": r["名称"],
                                "full": cities[city]["name"] + r["名称"], "level": "county"})
        else:
            orphans.append({"code": r["代码"], "name": r["名称"], "full": pname + r["名称"], "level": "county"})
    tree = [(cities[c], sorted(under[c], key=lambda x: x["code"])) for c in sorted(cities)]
    return province, tree, sorted(orphans, key=lambda x: x["code"])


def retired_county(table, prefix, present):
    """A retired county-level code under prefix (not current), preferring one whose city is present."""
    current = {r["代码"] for r in table if r["状态"] == "在用"}
    cands = [r for r in table if r["状态"] != "在用" and r["级别"] == "县级" and r["代码"].startswith(prefix)
             and r["代码"] not in current and r["新代码"][:6] in current]
    if not cands:
        return None
    cands.sort(key=lambda r: (r["代码"][:4] + "00" not in present, r["代码"]))
    r = cands[0]
    return {"code": r["代码"], "name": r["名称"], "level": "county", "new": r["新代码"][:6]}


def unknown_province_code(table, prefix, taken):
    """A province-level code that the table never had (a typo of prefix, if possible), not in taken."""
    used = {r["代码"][:2] for r in table} | {"00"} | {t[:2] for t in taken}
    spare = ["%02d" % i for i in range(99, 0, -1)]
    for p in [prefix[::-1], "9" + prefix[1], prefix[0] + "9"] + spare:
        if p not in used:
            taken.add(p + "0000")
            return p + "0000"
    raise SystemExit("gen_province: no unused province code left for region-unknown")


# ---------------------------------------------------------------------------
# Items


def _cached_yaml(it, key, render):
    """render(it) and its line count, cached on the item under `key` (copies share it until they deviate)."""
    t = it.get(key)
    if t is None:
        s = render(it)
        t = it[key] = (s, s.count("\n"))
    return t


def ten_yaml(it):
    """The ten fields' YAML and its line count."""
    return _cached_yaml(it, "_ten", gc.ten_fields_yaml)


def service_yaml(it):
    """The service fields' YAML and its line count."""
    return _cached_yaml(it, "_svc", gc.service_yaml)


def copy_item(it):
    """A copy of an item whose fields may be changed (the cached YAML is dropped)."""
    c = dict(it)
    c.pop("_ten", None)
    c.pop("_svc", None)
    c["materials"] = [dict(m) for m in it["materials"]]
    c["legal_basis"] = list(it["legal_basis"])
    c["process"] = list(it["process"])
    c["forms"] = [(n, list(f)) for n, f in it["forms"]]
    c["channels"] = list(it["channels"])
    c["outputs"] = list(it["outputs"])
    return c


class Namer:
    """Hands out item names and codes that no other item of the province has."""

    def __init__(self, combos, prefix):
        self.combos = combos
        self.prefix = prefix
        self.next = 0
        self.serial = {t: 0 for t in gc.TYPE_CODES.values()}
        self.local_serial = {t: LOCAL_SERIAL_START - 1 for t in gc.TYPE_CODES.values()}

    def take(self):
        n = self.next
        self.next += 1
        d, obj, a, var = self.combos[n % len(self.combos)]
        return d, obj, a, var, n // len(self.combos)

    def code(self, type_code, local):
        table = self.local_serial if local else self.serial
        table[type_code] += 1
        if table[type_code] > (99999 if local else LOCAL_SERIAL_START - 1):
            raise SystemExit("gen_province: too many items of type %s; ask for fewer --items" % type_code)
        if PROFILE == "sichuan":
            letter = SICHUAN_LETTERS.get(type_code)
            if letter is None:
                return "%s-%05d-001" % (type_code, table[type_code])
            return self.prefix + "1" + letter + "%05d" % table[type_code] + "00000"
        return self.prefix + type_code + "%05d" % table[type_code] + "000"

    def new_item(self, rng, local, proofs=True):
        d, obj, a, var, batch = self.take()
        code = self.code(gc.TYPE_CODES[gc.ACTIONS[a][1]], local)
        it = gc.draw_item(rng, code, d, obj, a, var, batch)
        if rng.random() < PROOF_SHARE and proofs:
            it["materials"].append(proof(*rng.choice(RETAINED_IN_PROVINCE)))
        return it


# ---------------------------------------------------------------------------
# Level deviations: kind -> the rules shitong reports for it (on the deviating item)

DEVIATIONS = [
    ("materials-added", ["level-materials-added"]),
    ("materials-removed", ["level-materials-removed"]),
    ("materials-changed", ["level-materials-changed"]),
    ("time-longer", ["level-time-limit-longer"]),
    ("time-shorter", ["level-time-limit-shorter"]),
    ("process", ["level-process"]),
    ("fee", ["level-fee"]),
    ("legal-basis", ["level-legal-basis"]),
    ("name", ["level-name"]),
    ("sub-name", ["level-sub-name"]),
    ("forms", ["level-forms"]),
    ("type", ["level-type", "code-type"]),        # counties only: a city's copy is copied below
    ("code-mismatch", ["level-code-mismatch"]),   # counties only: a city's copy would be due below
    ("extra", ["level-extra-item"]),
    ("missing", ["level-missing-item"]),
]
RULES_OF = dict(DEVIATIONS)
COUNTY_ONLY = ("type", "code-mismatch")
# the field deviations are equally likely; the item-level ones are 4x rarer ("a few")
WEIGHTS = {k: (0.25 if k in ("extra", "missing", "code-mismatch") else 1.0) for k, _ in DEVIATIONS}


def feasible(kind, it, level):
    if kind in COUNTY_ONLY and level != "county":
        return False
    legal, promised, _ = it["time_limit"]
    if kind == "time-longer":
        return legal is None or promised < legal
    if kind == "time-shorter":
        return promised > 0
    if kind == "materials-added":
        return len(it["materials"]) - 1 < len(gc.COMMON_MATERIALS)
    if kind in ("materials-removed", "materials-changed"):
        return len(it["materials"]) >= 3  # the application form plus at least two more
    if kind == "forms":
        return len(it["forms"][0][1]) >= 2
    return True


def deviate(rng, kind, it, namer):
    """A copy of `it` with one deviation of `kind`."""
    c = copy_item(it)
    if kind == "materials-added":
        have = {m["name"] for m in c["materials"]}
        mname, mtype, mform, msource, missuer = rng.choice([m for m in gc.COMMON_MATERIALS if m[0] not in have])
        c["materials"].append({"name": mname, "type": mtype, "form": mform, "copies": 1, "necessity": "必要",
                               "source": msource, "issuer": missuer})
    elif kind == "materials-removed":
        del c["materials"][rng.randrange(1, len(c["materials"]))]
    elif kind == "materials-changed":
        m = c["materials"][rng.randrange(1, len(c["materials"]))]
        m["copies"] = 2 if m["copies"] == 1 else 1
    elif kind == "time-longer":
        legal, promised, unit = c["time_limit"]
        longer = rng.randint(promised + 1, legal) if legal is not None else promised + rng.randint(1, 5)
        c["time_limit"] = (legal, longer, unit)
    elif kind == "time-shorter":
        legal, promised, unit = c["time_limit"]
        c["time_limit"] = (legal, rng.randint(0, promised - 1), unit)
    elif kind == "process":
        p = c["process"]
        if "初审" in p:
            p.remove("初审")
        else:
            p.insert(p.index("受理") + 1, "初审")
    elif kind == "fee":
        if c["fee"] is None:
            c["fee"] = rng.choice(gc.FEE_BASES)
        else:
            c["fee"] = rng.choice([f for f in gc.FEE_BASES if f != c["fee"]])
    elif kind == "legal-basis":
        i = rng.randrange(len(c["legal_basis"]))
        law, _ = c["legal_basis"][i]
        taken = {a for l, a in c["legal_basis"] if l == law}
        while True:
            art = gc.article(rng.randint(1, 120))
            if art not in taken:
                break
        c["legal_basis"][i] = (law, art)
    elif kind == "name":
        c["name"] = c["name"] + "事项"
    elif kind == "sub-name":
        c["sub_name"] = (c["sub_name"] or c["name"]) + "（修订）"
    elif kind == "forms":
        fname, fields = c["forms"][0]
        fields[0], fields[1] = fields[1], fields[0]
    elif kind == "type":
        c["type"] = rng.choice([t for t in gc.TYPE_CODES if t != c["type"]])
    elif kind == "code-mismatch":
        c["code"] = namer.code(type_code_of(c["code"]), local=True)
    else:
        raise AssertionError(kind)
    return c


# ---------------------------------------------------------------------------
# Item violations: one extra local item (or a pair) per violation, dealt round-robin

VIOLATIONS = [
    "code-format", "code-type", "code-duplicate", "name-duplicate", "implementation-code", "agency-code",
    "agency-code-case", "legal-basis-missing", "time-limit-exceeds-legal", "fee-basis-missing",
    "process-incomplete", "material-issuer-missing", "material-duplicate", "visits-reason-missing",
    "zero-visit-channel", "missing-field", "wrong-type", "bad-enum", "unknown-key", "empty-value",
    "yaml-alias", "duplicate-key", "unused-ignore", "cert-cancelled", "cert-unlisted", "cert-odd",
    "cert-shareable", "cert-circular", "agency-consistency", "limit",
]


# injected once per province when --violation-rate > 0 (Province.drafts)
ONCE_PER_PROVINCE = ["region-duplicate", "region-level", "region-retired", "region-unknown", "yaml-syntax",
                     "encoding", "unknown-kind", "cert-pattern"]
# cert-pattern: an odd-proof pattern RE2 cannot use (lookahead), in each province's registry
UNUSABLE_ODD = ("(?=奇葩)证明", "环视写法不受支持（生成的错误模式）", [])


def drop_block(text, key):
    """The item YAML without the line `    key: ...` and its deeper-indented continuation lines."""
    out = []
    skip = False
    for line in text.splitlines(True):
        if line.startswith("    " + key + ":"):
            skip = True
            continue
        if skip and line.startswith("      "):
            continue
        skip = False
        out.append(line)
    return "".join(out)


class Host:
    """An extra local item written from its own text, with the findings it must give."""

    def __init__(self, it, text, expect, material=None):
        self.it = it
        self.text = text
        self.expect = expect      # [(rule, item code)]
        self.material = material  # the name of the offending material, if any

    def offset(self, rule):
        """The line of the finding of `rule`, counted from the item's first line (0), or None."""
        prefix = FINDING_AT.get(rule)
        if prefix is None:
            return None
        last = rule in ("duplicate-key", "material-duplicate")
        lines = self.text.splitlines()
        if prefix.endswith("- name: "):
            at = [i for i, l in enumerate(lines) if l == prefix + self.material]
        elif rule == "name-duplicate":  # at the sub-item name, if there is one
            at = [i for i, l in enumerate(lines) if l.startswith("    sub_name:")] or \
                 [i for i, l in enumerate(lines) if l.startswith(prefix)]
        else:
            at = [i for i, l in enumerate(lines) if l.startswith(prefix)]
        if not at:
            return None
        return at[-1] if last else at[0]


# where the finding of an item violation is reported: the line that starts with this text
FINDING_AT = {
    "code-format": "  - code:", "code-type": "  - code:", "code-duplicate": "  - code:",
    "legal-basis-missing": "  - code:", "missing-field": "  - code:", "cert-circular": "  - code:",
    "name-duplicate": "    name:", "implementation-code": "    implementation_code:",
    "agency-code": "    agency_code:", "agency-code-case": "    agency_code:", "agency-consistency": "    agency:",
    "time-limit-exceeds-legal": "      promised:", "fee-basis-missing": "      charged:",
    "process-incomplete": "    process:", "visits-reason-missing": "    visits:", "zero-visit-channel": "    channels:",
    "bad-enum": "    channels:", "wrong-type": "    proxy:", "unknown-key": "    remarks:", "empty-value": "    agency:",
    "yaml-alias": "    visits:", "duplicate-key": "    proxy:", "limit": "        article: ", "unused-ignore": "    # shitong-ignore:",
    "material-issuer-missing": "      - name: ", "material-duplicate": "      - name: ", "cert-cancelled": "      - name: ",
    "cert-unlisted": "      - name: ", "cert-odd": "      - name: ", "cert-shareable": "      - name: ",
}


# ---------------------------------------------------------------------------
# Catalogs


class Catalog:
    def __init__(self, region, parent, relpath, province_name):
        self.region = region
        self.parent = parent          # parent Catalog (None for the province and tiny extras)
        self.parent_code = parent.region["code"] if parent is not None else None
        self.relpath = relpath
        self.province_name = province_name
        self.entries = []             # [item, levels or None, local_basis or None, Host or None, [key...]]
        self.by_code = {}             # reference copies, by code: what the catalogs below follow
        self.agencies = None
        self.keys = []                # this catalog's answer-key entries

    def expect(self, rule, item="", entry=None, **extra):
        k = {"file": self.relpath, "rule": rule, "item": item, "region": self.region["code"]}
        k.update(extra)
        self.keys.append(k)
        if entry is not None:
            entry[4].append(k)
        return k

    def item_yaml(self, it, local_basis, impl=True):
        """The YAML of one local item of this catalog (what text() writes for it)."""
        agency, code = self.agencies[it["domain"]]
        a = agency_yaml(agency, code, LEVEL_DIGIT[self.region["level"]], it["code"], self.region["code"])
        if not impl:
            a = "".join(l for l in a.splitlines(True) if not l.startswith("    implementation_code:"))
        s = ten_yaml(it)[0] + a + service_yaml(it)[0]
        if local_basis:
            s += "    local_basis: " + local_basis + "\n"
        return s + "\n"

    def text(self, seed):
        r = self.region
        level = r["level"]
        out = ["# generated by bench/gen_province.py --seed %d (benchmark input, not a real catalog)\n" % seed,
               "kind: catalog\n", "version: 1\n", "region:\n", '  code: "%s"\n' % r["code"],
               "  name: %s\n" % r["full"], "  level: %s\n" % level]
        if self.parent_code is not None:
            out.append('parent: "%s"\n' % self.parent_code)
        out += ["published: 2024-05-10\n", "publisher: %s行政审批服务局\n" % r["full"], "items:\n"]
        line = len(out)  # lines so far
        for k in self.keys:
            if k.get("line") is None and k["rule"] == "level-missing-item":
                k["line"] = line + 1  # the items list: its first entry
        digit = LEVEL_DIGIT[level]
        w = out.append
        for it, levels, local_basis, host, keys in self.entries:
            for k in keys:
                # an item violation: the finding's line; a level deviation: the item's first line
                off = k.pop("offset", None)
                if off is not None:
                    k["line"] = line + 1 + off
                else:
                    k["item_line"] = line + 1
            if host is not None:
                w(host.text)
                line += host.text.count("\n")
                continue
            agency, agency_code = self.agencies[it["domain"]]
            s, n = ten_yaml(it)
            w(s)
            w(agency_yaml(agency, agency_code, digit, it["code"], r["code"]))
            line += n + 3
            if levels:
                w("    levels: " + gc.flow(levels) + "\n")
                line += 1
            s, n = service_yaml(it)
            w(s)
            line += n
            if local_basis:
                w("    local_basis: " + local_basis + "\n")
                line += 1
            w("\n")
            line += 1
        return "".join(out)


class Injector:
    """Deals the item violations round-robin over the whole tree."""

    def __init__(self, rate):
        self.rate = rate
        self.count = 0
        self.by_kind = {}

    def how_many(self, rng, n_items):
        x = self.rate * n_items
        k = int(x)
        return k + (1 if rng.random() < x - k else 0)

    def next_kind(self):
        kind = VIOLATIONS[self.count % len(VIOLATIONS)]
        self.count += 1
        self.by_kind[kind] = self.by_kind.get(kind, 0) + 1
        return kind


def local_item(rng, namer, cat, power=False):
    """A new local item of cat (with local_basis below the province)."""
    while True:
        it = namer.new_item(rng, local=True)
        if not power or it["type"] != "公共服务":
            return it


def make_hosts(rng, kind, cat, namer):
    """The extra item(s) carrying one violation of `kind` in cat: [Host]."""
    level = cat.region["level"]
    basis = rng.choice(LOCAL_BASES) % cat.province_name if cat.parent is not None else None
    digit = LEVEL_DIGIT[level]

    def new(power=False):
        return local_item(rng, namer, cat, power)

    def plain(it):
        return Host(it, cat.item_yaml(it, basis), [])

    it = new(power=(kind == "legal-basis-missing"))
    code = it["code"]
    one = [(kind, code)]
    material = None
    if kind == "code-format":
        it["code"] = code = code[:-1] + "abcdefghjk"[int(code[-1])]
        return [Host(it, cat.item_yaml(it, basis, impl=False), [(kind, code)])]
    if kind == "code-type":
        others = SICHUAN_LETTERS if PROFILE == "sichuan" else gc.TYPE_CODES.values()
        it["code"] = code = namer.code(rng.choice([t for t in others if t != type_code_of(code)]), True)
        return [Host(it, cat.item_yaml(it, basis), [(kind, code)])]
    if kind == "code-duplicate":
        second = new()  # another item under the same code (and type)
        second["code"], second["type"] = code, it["type"]
        return [plain(it), Host(second, cat.item_yaml(second, basis), one)]
    if kind == "name-duplicate":
        second = new()
        second["name"], second["sub_name"], second["type"] = it["name"], it["sub_name"], it["type"]
        second["code"] = namer.code(type_code_of(code), True)
        return [plain(it), Host(second, cat.item_yaml(second, basis), [(kind, second["code"])])]
    if kind == "implementation-code":
        if PROFILE == "sichuan":  # an area code outside the catalog's region
            own = cat.region["code"]
            other = ("11" if own[:2] != "11" else "12") + "0101"
            t = cat.item_yaml(it, basis).replace("-%s000000-" % own, "-%s000000-" % other)
            return [Host(it, t, one)]
        wrong = "3" if digit != "3" else "4"
        t = cat.item_yaml(it, basis).replace(digit + code + '"', wrong + code + '"')
        return [Host(it, t, one)]
    if kind == "agency-code":
        # the real-data patterns: a wrong check character, a truncated code, the 组织机构代码 alone,
        # a placeholder
        good = cat.agencies[it["domain"]][1]
        bad = rng.choice([good[:-1] + ("0" if good[-1] != "0" else "1"), good[:-1], good[8:17], "2222222222222"])
        t = cat.item_yaml(it, basis, impl=False).replace('"%s"' % good, '"%s"' % bad)
        return [Host(it, t, one)]
    if kind == "agency-consistency":
        # one code under two names: a second item gives it's body a variant name
        second = new()
        name, good = cat.agencies[it["domain"]]
        other_name, other_code = cat.agencies[second["domain"]]
        t = cat.item_yaml(second, basis, impl=False)
        t = t.replace("    agency: %s\n" % other_name, "    agency: %s（窗口）\n" % name, 1)
        t = t.replace('    agency_code: "%s"' % other_code, '    agency_code: "%s"' % good, 1)
        return [plain(it), Host(second, t, [(kind, second["code"])])]
    if kind == "agency-code-case":
        good = cat.agencies[it["domain"]][1]
        t = cat.item_yaml(it, basis).replace('agency_code: "%s"' % good, 'agency_code: "%s"' % good.lower())
        return [Host(it, t, one)]
    if kind == "legal-basis-missing":
        return [Host(it, drop_block(cat.item_yaml(it, basis), "legal_basis"), one)]
    if kind == "time-limit-exceeds-legal":
        legal = rng.choice([5, 10, 15, 20, 30])
        it["time_limit"] = (legal, legal + rng.randint(1, 10), it["time_limit"][2])
    elif kind == "fee-basis-missing":
        standard, _ = rng.choice(gc.FEE_BASES)
        it["fee"] = (standard, "")
        return [Host(it, cat.item_yaml(it, basis).replace("      basis: \n", ""), one)]
    elif kind == "process-incomplete":
        it["process"] = [s for s in it["process"] if s != "受理"]
    elif kind == "material-issuer-missing":
        gov = [m for m in it["materials"] if m["source"] == "政府部门核发"]
        if gov:
            gov[0]["issuer"] = None
            material = gov[0]["name"]
        else:
            it["materials"].append(licence("营业执照", None))
            material = "营业执照"
    elif kind == "material-duplicate":
        m = dict(rng.choice(it["materials"][1:]))
        it["materials"].append(m)
        material = m["name"]
    elif kind == "visits-reason-missing":
        it["visits"] = rng.choice([1, 2])
        it["visits_reason"] = None
        it["channels"] = rng.choice(gc.CHANNELS_ANY)
    elif kind == "zero-visit-channel":
        it["visits"] = 0
        it["visits_reason"] = None
        it["channels"] = rng.choice([["窗口办理"], ["窗口办理", "自助终端"]])
    elif kind == "missing-field":
        return [Host(it, drop_block(cat.item_yaml(it, basis), "forms"), one)]
    elif kind == "wrong-type":
        t = cat.item_yaml(it, basis)
        t = t.replace("    proxy: true\n", "    proxy: 是\n").replace("    proxy: false\n", "    proxy: 否\n")
        return [Host(it, t, one)]
    elif kind == "bad-enum":
        it["channels"] = ["电话办理"] + it["channels"]
    elif kind == "unknown-key":
        t = cat.item_yaml(it, basis).replace("    proxy:", "    remarks: 由窗口统一受理，办结后电话通知\n    proxy:", 1)
        return [Host(it, t, one)]
    elif kind == "empty-value":
        agency = cat.agencies[it["domain"]][0]
        return [Host(it, cat.item_yaml(it, basis).replace("    agency: %s\n" % agency, '    agency: ""\n'), one)]
    elif kind == "yaml-alias":
        t = cat.item_yaml(it, basis).replace("    visits: ", "    visits: &visits ", 1)
        return [Host(it, t, one)]
    elif kind == "duplicate-key":
        t = cat.item_yaml(it, basis)
        p = "    proxy: %s\n" % ("true" if it["proxy"] else "false")
        return [Host(it, t.replace(p, p + p, 1), one)]
    elif kind == "limit":
        # an article quoted in full: longer than limits.text_length (default 4,000 characters), so
        # only its first 4,000 characters are checked, and that is reported
        law, article = it["legal_basis"][0]
        quote = "（条文：" + "申请人应当如实提交有关材料和反映真实情况，并对申请材料实质内容的真实性负责。" * 120 + "）"
        it["legal_basis"] = [(law, article + quote)] + it["legal_basis"][1:]
        return [Host(it, cat.item_yaml(it, basis), one)]
    elif kind == "unused-ignore":
        t = cat.item_yaml(it, basis).replace(
            "    visits: ", "    # shitong-ignore: visits-reason-missing 经区审改办批准，现场核验原件\n    visits: ", 1)
        return [Host(it, t, [(kind, "")])]
    elif kind == "cert-cancelled":
        it["materials"].append(proof(rng.choice(CANCELLED_IN_PROVINCE), "村（居）民委员会"))
        material = it["materials"][-1]["name"]
    elif kind == "cert-unlisted":
        it["materials"].append(proof(*rng.choice(UNLISTED)))
        material = it["materials"][-1]["name"]
    elif kind == "cert-odd":
        it["materials"].append(proof(rng.choice(rng.choice(NATIONAL_ODD)[2]), "社区居民委员会"))
        material = it["materials"][-1]["name"]
    elif kind == "cert-shareable":
        issuer = new()
        if not issuer["outputs"]:
            issuer["outputs"] = [issuer["name"] + "决定书"]
        if issuer["outputs"][0] in it["outputs"]:  # another variant of the same item: it would issue it too
            it["outputs"] = []
        it["materials"].append(licence(issuer["outputs"][0], cat.agencies[issuer["domain"]][0]))
        return [plain(issuer), Host(it, cat.item_yaml(it, basis), one, issuer["outputs"][0])]
    elif kind == "cert-circular":
        other = new()
        for x in (it, other):
            x["outputs"] = [(x["sub_name"] or x["name"]) + "办理结果通知书"]
        it["materials"].append(licence(other["outputs"][0], cat.agencies[other["domain"]][0]))
        other["materials"].append(licence(it["outputs"][0], cat.agencies[it["domain"]][0]))
        return [Host(it, cat.item_yaml(it, basis), [("cert-circular", code), ("cert-shareable", code)],
                     other["outputs"][0]),
                Host(other, cat.item_yaml(other, basis),
                     [("cert-circular", other["code"]), ("cert-shareable", other["code"])], it["outputs"][0])]
    else:
        raise AssertionError(kind)
    return [Host(it, cat.item_yaml(it, basis), one, material)]


def add_violations(rng, cat, namer, injector, n_items):
    """Insert the violation hosts at random places of cat.entries."""
    for _ in range(injector.how_many(rng, n_items)):
        kind = injector.next_kind()
        hosts = make_hosts(rng, kind, cat, namer)
        at = rng.randint(0, len(cat.entries))
        block = []
        for h in hosts:
            e = [h.it, None, None, h, []]
            for rule, code in h.expect:
                k = cat.expect(rule, code, e, injected=kind)
                k["offset"] = h.offset(rule)
            block.append(e)
        cat.entries[at:at] = block


def build_province(region, relpath, n_items, seed, namer, injector):
    rng = random.Random("%d:%s" % (seed, region["code"]))
    cat = Catalog(region, None, relpath, region["name"])
    cat.agencies = gc.make_agencies(rng, region["code"], region["full"])
    for _ in range(n_items):
        it = namer.new_item(rng, local=False)
        r = rng.random()
        levels = list(ALL_LEVELS) if r < 0.90 else ["province", "city"] if r < 0.96 else ["province"]
        it["levels"] = levels
        cat.entries.append([it, levels, None, None, []])
        cat.by_code[it["code"]] = it
    if injector is not None:
        add_violations(rng, cat, namer, injector, n_items)
    return cat


def build_lower(region, parent, province, relpath, n_items, rate, seed, namer, injector):
    """A city (parent = province) or a county (parent = its city, or the province)."""
    level = region["level"]
    rng = random.Random("%d:%s:%s" % (seed, region["code"], relpath))
    cat = Catalog(region, parent, relpath, province.region["name"])
    cat.agencies = gc.make_agencies(rng, region["code"], region["full"])
    kinds = [k for k, _ in DEVIATIONS]

    due = [it for it, levels, _, _, _ in province.entries if levels and level in levels]
    for pit in due:
        # the reference: the nearest catalog above that has the item
        ref, ref_cat = pit, province
        if parent is not province and pit["code"] in parent.by_code:
            ref, ref_cat = parent.by_code[pit["code"]], parent
        it = ref
        kind = None
        if rate and rng.random() < rate:
            choices = [k for k in kinds if feasible(k, ref, level)]
            kind = rng.choices(choices, weights=[WEIGHTS[k] for k in choices])[0]
        if kind == "missing":
            cat.expect("level-missing-item", ref["code"], injected=kind, reference=ref_cat.relpath)
            continue
        entry = [it, pit["levels"] if level == "city" else None, None, None, []]
        if kind not in (None, "extra"):
            it = entry[0] = deviate(rng, kind, ref, namer)
            for rule in RULES_OF[kind]:
                if rule == "code-type" and not has_type_slot(it["code"]):
                    continue  # the profile puts no type code into this code: nothing to compare
                cat.expect(rule, it["code"], entry, injected=kind, reference=ref_cat.relpath)
        cat.entries.append(entry)
        if kind != "code-mismatch":
            cat.by_code[it["code"]] = it
        if kind == "extra":
            x = namer.new_item(rng, local=True)
            e = [x, None, None, None, []]
            cat.expect("level-extra-item", x["code"], e, injected=kind, reference=ref_cat.relpath)
            cat.entries.append(e)
    # local items (with local_basis) up to --items
    for _ in range(max(0, n_items - len(due))):
        x = namer.new_item(rng, local=True)
        cat.entries.append([x, None, rng.choice(LOCAL_BASES) % cat.province_name, None, []])
    if injector is not None:
        add_violations(rng, cat, namer, injector, n_items)
    return cat


def tiny_catalog(rng, region, relpath, namer, province_name, n, basis=True, agency_region=None):
    """A small catalog of n clean local items that ask for no proof (no province registry may govern it).
    agency_region: where its agencies are registered (positions 3-8 of their codes), if not its own code."""
    cat = Catalog(region, None, relpath, province_name)
    cat.agencies = gc.make_agencies(rng, agency_region or region["code"], region["full"])
    for _ in range(n):
        x = namer.new_item(rng, local=True, proofs=False)
        cat.entries.append([x, None, (rng.choice(LOCAL_BASES) % province_name) if basis else None, None, []])
    return cat


# ---------------------------------------------------------------------------
# One province


class Province:
    """The catalogs, registries and extra files of one province, with their answer-key entries."""

    def __init__(self, prefix, table, args, combos, base):
        self.base = base  # "" or "<code>-<name>/" (national layout)
        self.region, tree, orphans = read_regions(table, prefix)
        if args.scale is not None:
            tree = tree[:args.scale]
            orphans = orphans[:args.scale]
        self.tree, self.orphans = tree, orphans
        self.namer = Namer(combos, prefix)
        injector = args.injector
        rate = args.deviation_rate
        seed = args.seed
        n = args.items
        pname = self.region["name"]
        p = self.province = build_province(self.region, base + "%s-%s.yaml" % (self.region["code"], pname), n,
                                           seed, self.namer, injector)
        self.catalogs = [p]
        self.cities = []
        for city_region, counties in tree:
            sub = base + "%s-%s" % (city_region["code"], city_region["name"])
            city = build_lower(city_region, p, p, "%s/%s-%s.yaml" % (sub, city_region["code"], city_region["name"]),
                               n, rate, seed, self.namer, injector)
            self.catalogs.append(city)
            self.cities.append(city)
            for c in counties:
                self.catalogs.append(build_lower(c, city, p, "%s/%s-%s.yaml" % (sub, c["code"], c["name"]), n,
                                                 rate, seed, self.namer, injector))
        for c in orphans:
            self.catalogs.append(build_lower(c, p, p, base + "%s-%s.yaml" % (c["code"], c["name"]), n,
                                             rate, seed, self.namer, injector))
        self.files = {}  # extra files: relpath -> bytes
        self.file_keys = []
        if not args.no_registries:
            rel = base + "%s/%s-%s.yaml" % (REGISTRIES, self.region["code"], pname)
            odd = [UNUSABLE_ODD] if args.violation_rate > 0 else []
            text = registry_text(self.region["code"], "%s证明事项清单" % pname, PROVINCE_RETAINED, PROVINCE_CANCELLED,
                                 odd)
            self.files[rel] = text.encode()
            if odd:
                line = text.count("\n", 0, text.index("  - pattern: ")) + 1
                self.file_keys.append({"file": rel, "rule": "cert-pattern", "item": "", "line": line,
                                       "region": self.region["code"], "injected": "cert-pattern"})
        if args.violation_rate > 0:
            self.drafts(table, args)

    def drafts(self, table, args):
        """The once-per-province findings: region rules and broken files (in 草稿/)."""
        rng = random.Random("%d:%s:drafts" % (args.seed, self.region["code"]))
        base = self.base + DRAFTS + "/"
        pname = self.region["name"]
        counties = [c for c in self.catalogs if c.region["level"] == "county"]
        lower = counties or self.catalogs[1:]

        def key(relpath, rule, item="", line=None, region=""):
            self.file_keys.append({"file": relpath, "rule": rule, "item": item, "line": line, "region": region,
                                   "injected": rule})

        # region-duplicate: an old, small copy of a county catalog (the later file is reported)
        if lower:
            src = lower[0]
            rel = base + "%s-%s-2023版.yaml" % (src.region["code"], src.region["name"])
            dup = tiny_catalog(rng, src.region, rel, self.namer, pname, 3)
            dup.parent_code = src.parent_code
            self.catalogs.append(dup)
            key(rel, "region-duplicate", line=5, region=src.region["code"])
        # region-level: a county names a sibling (not an ancestor) as its parent
        if lower:
            target = lower[-1]
            others = [c for c in lower if c is not target and c.region["level"] == "county"]
            if others:
                target.parent_code = others[0].region["code"]
            else:
                target.parent_code = "110000" if self.region["code"] != "110000" else "120000"
            target.expect("region-level", "", injected="region-level", line=8)
        # region-retired: a full old catalog under a retired county code
        present = {c.region["code"] for c in self.catalogs}
        old = retired_county(table, self.region["code"][:2], present)
        if old is not None:
            city = old["code"][:4] + "00"
            parent = next((c for c in self.cities if c.region["code"] == city), self.province)
            old["full"] = (parent.region["name"] if parent is not self.province else pname) + old["name"]
            rel = base + "%s-%s.yaml" % (old["code"], old["name"])
            cat = build_lower(old, parent, self.province, rel, args.items, 0, args.seed, self.namer, None)
            self.catalogs.append(cat)
            key(rel, "region-retired", line=5, region=old["code"])
        # region-unknown: a province catalog under a mistyped code (no catalog above or below it)
        code = unknown_province_code(table, self.region["code"][:2], args.unknown_taken)
        region = {"code": code, "name": pname, "full": pname, "level": "province"}
        rel = base + "%s-%s.yaml" % (code, pname)
        self.catalogs.append(tiny_catalog(rng, region, rel, self.namer, pname, 3, basis=False,
                                          agency_region=self.region["code"]))
        key(rel, "region-unknown", line=5, region=code)
        # yaml-syntax: a draft with a tab
        small = tiny_catalog(rng, self.region, "", self.namer, pname, 2, basis=False).text(args.seed)
        lines = small.splitlines(True)
        i = next(k for k, l in enumerate(lines) if l.startswith("    name: "))
        lines[i] = "\t" + lines[i].lstrip(" ")
        rel = base + "%s-%s-修改中.yaml" % (self.region["code"], pname)
        self.files[rel] = "".join(lines).encode("utf-8")
        key(rel, "yaml-syntax", line=i + 1)
        # encoding: the same draft saved as GB18030 by an old editor
        small = tiny_catalog(rng, self.region, "", self.namer, pname, 2, basis=False).text(args.seed)
        rel = base + "%s-%s-GBK.yaml" % (self.region["code"], pname)
        self.files[rel] = small.encode("gb18030")
        key(rel, "encoding", line=1 + next(k for k, l in enumerate(small.splitlines()) if not l.isascii()))
        # unknown-kind: a note that is not a catalog
        rel = base + "说明.yaml"
        self.files[rel] = ("kind: catalogue\nversion: 1\ntitle: %s事项目录修订说明\nupdated: 2024-05-10\n"
                           "notes:\n  - 旧版目录和编辑中的草稿放在本文件夹，待审改办确认后删除\n" % pname).encode()
        key(rel, "unknown-kind", line=1)

    def keys(self):
        out = []
        for c in self.catalogs:
            out += c.keys
        return out + self.file_keys


# ---------------------------------------------------------------------------


CONFIG = """# .shitong.yaml of a tree generated by bench/gen_province.py (benchmark input)
fail_on: error
rules:
  level-time-limit-shorter: info
  code-tpye: warning
ignore:
  - rule: level-materials-added
    region: "%s"
    item: "%s"
    reason: 依据地方性法规增加现场核查记录，经审改办批准（事项已调整，本条目已过期）
"""


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter,
                                epilog="See the module docstring (bench/gen_province.py) for what is injected.")
    p.add_argument("-o", "--output", required=True, metavar="DIR", help="output directory")
    p.add_argument("--province", default="37", help="2-digit province code (default 37, 山东)")
    p.add_argument("--national", action="store_true",
                   help="all 31 mainland provinces, each in DIR/<code>-<name>/ (default --items 100)")
    p.add_argument("--provinces", metavar="P,P,...", help="national layout with these provinces, e.g. 37,41")
    p.add_argument("--items", type=int, help="items per catalog (default 1500; 100 with --national/--provinces)")
    p.add_argument("--scale", type=int, metavar="K",
                   help="only the first K cities (with their counties) and K cityless counties per province")
    p.add_argument("--deviation-rate", type=float, default=0.02,
                   help="share of copied items given one level deviation (default 0.02)")
    p.add_argument("--violation-rate", type=float, default=0.002,
                   help="item violations per item of each catalog, dealt round-robin over the non-level rules; "
                        "> 0 also writes the region/file-level drafts and the config (default 0.002; 0: none)")
    p.add_argument("--clean", action="store_true", help="inject nothing: --deviation-rate 0 --violation-rate 0")
    p.add_argument("--no-registries", action="store_true", help="write no proof registries")
    p.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    p.add_argument("--profile", choices=["national", "sichuan"], default="national",
                   help="code layout: national (default) or sichuan (Sichuan basic and implementation codes; "
                        "the config names code_profile: sichuan)")
    p.add_argument("--areacodes", default=DEFAULT_AREACODES, help="GB/T 2260 table (default lib/data/areacodes.csv)")
    p.add_argument("--force", action="store_true", help="write into a non-empty directory (same-named files are replaced)")
    args = p.parse_args(argv)
    global PROFILE
    PROFILE = args.profile
    if args.clean:
        args.deviation_rate = 0.0
        args.violation_rate = 0.0
    if args.provinces:
        provinces = [x.strip() for x in args.provinces.split(",") if x.strip()]
        national = True
    elif args.national:
        provinces = list(MAINLAND)
        national = True
    else:
        provinces = [args.province]
        national = False
    for x in provinces:
        if len(x) != 2 or not x.isdigit():
            p.error("province codes take 2 digits, e.g. 37")
    if len(set(provinces)) != len(provinces):
        p.error("--provinces lists a province twice")
    if args.items is None:
        args.items = 100 if national else 1500
    if args.items < 1:
        p.error("--items must be >= 1")
    if args.scale is not None and args.scale < 1:
        p.error("--scale must be >= 1")
    for name in ("deviation_rate", "violation_rate"):
        if not 0.0 <= getattr(args, name) <= 1.0:
            p.error("--%s must be in [0, 1]" % name.replace("_", "-"))
    if args.violation_rate > 0 and args.no_registries:
        p.error("--no-registries needs --violation-rate 0 (the cert-* violations need the registries)")

    out = os.path.normpath(args.output)
    if os.path.exists(out):
        if not os.path.isdir(out):
            p.error("%s exists and is not a directory" % out)
        if os.listdir(out) and not args.force:
            p.error("%s is not empty (use --force to write into it anyway)" % out)
    absout = os.path.abspath(out)
    answers_path = os.path.join(os.path.dirname(absout), os.path.basename(absout) + "-answers.json")

    table = read_table(args.areacodes)
    args.injector = Injector(args.violation_rate) if args.violation_rate > 0 else None
    args.unknown_taken = set()  # the region-unknown codes of the provinces so far
    combos = gc.item_names(random.Random(args.seed))
    os.makedirs(out, exist_ok=True)
    total_bytes = total_items = n_catalogs = n_cities = n_files = 0
    keys = []
    mine = set()

    def write(rel, data):
        nonlocal total_bytes, n_files
        path = os.path.join(out, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
        mine.add(os.path.normpath(path))
        total_bytes += len(data)
        n_files += 1

    if not args.no_registries:
        write("%s/000000-全国.yaml" % REGISTRIES,
              registry_text("000000", "全国证明事项清单", NATIONAL_RETAINED, NATIONAL_CANCELLED, NATIONAL_ODD).encode())
    first = None
    for code in provinces:
        # one province at a time: its catalogs are written and dropped before the next is built
        base = ""
        if national:
            name = next((r["名称"] for r in table if r["代码"] == code + "0000" and r["状态"] == "在用"), None)
            if name is None:
                p.error("no current province %s0000 in %s" % (code, args.areacodes))
            base = "%s0000-%s/" % (code, name)
        prov = Province(code, table, args, combos, base)
        for cat in prov.catalogs:
            if args.no_registries:  # nothing governs it: the run says its proofs were not audited
                cat.expect("cert-no-registry", line=5, injected="no registry")
            write(cat.relpath, cat.text(args.seed).encode("utf-8"))
            total_items += len(cat.entries)
        for rel in sorted(prov.files):
            write(rel, prov.files[rel])
        n_catalogs += len(prov.catalogs)
        n_cities += len(prov.cities)
        keys += prov.keys()
        if first is None:  # the stale ignore entry of the config names this province
            first = (prov.region["code"], prov.namer.code("01", True))  # an item code no catalog uses
        if national:
            print("gen_province: %s %s: %d catalogs" % (prov.region["code"], prov.region["name"], len(prov.catalogs)),
                  file=sys.stderr)
        del prov
    config = None
    if args.violation_rate > 0:
        config = ".shitong.yaml"
        region, stale = first
        text = CONFIG % (region, stale)
        if PROFILE == "sichuan":
            text += "code_profile: sichuan\n"
        write(config, text.encode("utf-8"))
        keys.append({"file": config, "rule": "config", "item": "", "line": 5, "region": "", "injected": "config"})
        keys.append({"file": config, "rule": "unused-ignore", "item": stale, "line": 7, "region": "",
                     "injected": "unused-ignore"})

    extra_yaml = 0
    for root, dirs, files in os.walk(out):
        extra_yaml += sum(1 for n in files if n.endswith((".yaml", ".yml")) and os.path.join(root, n) not in mine)

    by_rule = {}
    for k in keys:
        by_rule[k["rule"]] = by_rule.get(k["rule"], 0) + 1
    for k in keys:
        k.setdefault("line", None)
    keys.sort(key=lambda k: (k["file"], k["line"] or k.get("item_line") or 0, k["rule"], k["item"]))
    doc = {
        "generator": "bench/gen_province.py",
        "arguments": {"province": args.province, "provinces": provinces if national else None,
                      "national": national, "items": args.items, "scale": args.scale,
                      "deviation_rate": args.deviation_rate, "violation_rate": args.violation_rate,
                      "registries": not args.no_registries, "seed": args.seed,
                      "profile": args.profile},
        "tree": os.path.basename(absout),
        "config": config,
        "all_rules": args.deviation_rate > 0 and args.violation_rate > 0 and not args.no_registries,
        # rules that a tree with every injection on cannot hold, and why (check_answers.py
        # leaves them out of the coverage check)
        "not_injectable": {"cert-no-registry": "every injection needs the registries, and the national registry "
                                               "governs every catalog; --no-registries gives it for every catalog"},
        "summary": {"files": n_files, "catalogs": n_catalogs, "items": total_items, "bytes": total_bytes,
                    "expected": len(keys), "by_rule": dict(sorted(by_rule.items()))},
        "note": "Every finding `shitong validate --format json DIR` must report (with --config DIR/" +
                "<config> when config is set, else --no-config), and nothing else. file: relative to DIR; "
                "rule; item: the item code the finding names, \"\" for file-level findings. Informational: "
                "line (of the finding), item_line (the `- code:` line of a deviating item), region, injected "
                "(what was injected), reference (the upper catalog of a level deviation).",
        "expected": keys,
    }
    with open(answers_path, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print("gen_province: %d files, %d catalogs (%d province%s, %d cities, %d county-level and drafts), %d items, "
          "%d bytes (%.1f MiB), %d expected findings (%d rules), seed %d -> %s; answers %s"
          % (n_files, n_catalogs, len(provinces), "s" if len(provinces) > 1 else "", n_cities,
             n_catalogs - len(provinces) - n_cities, total_items, total_bytes, total_bytes / 1048576, len(keys),
             len(by_rule), args.seed, out, answers_path), file=sys.stderr)
    if doc["all_rules"]:
        known = [r for _, rules in DEVIATIONS for r in rules] + VIOLATIONS + ONCE_PER_PROVINCE + ["config"]
        missing = sorted({r for r in known if r not in by_rule})
        if missing:
            print("gen_province: warning: the tree is too small to inject every rule (raise --items, --scale or "
                  "the rates); never injected: %s" % ", ".join(missing), file=sys.stderr)
    if extra_yaml:
        print("gen_province: warning: %s holds %d other YAML files that are not part of this tree"
              % (out, extra_yaml), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
