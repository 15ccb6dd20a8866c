#!/usr/bin/env python3
"""Generate a province-sized catalog tree (province, cities, counties) for benchmarks.

The tree is shaped like 山东 (default --province 37): the province catalog, one catalog per
prefecture city (地级) and one per county-level unit (县级) under it, with the real current codes
and names of lib/data/areacodes.csv (状态 在用):

    DIR/370000-山东省.yaml
    DIR/370100-济南市/370100-济南市.yaml
    DIR/370100-济南市/370102-历下区.yaml
    ...

Every city's directory holds the city catalog and its counties' catalogs. County-level units
without a city (省直辖, codes XX90YY; 直辖市 districts) go to DIR directly, under the province.

The province holds --items reference items (block-style YAML as bench/gen_catalog.py writes
them, whose item code it shares), most with `levels: [province, city, county]`, some due at
province and city only or at the province only. A city copies the ten fields of every item due
at city level verbatim; a county copies them from its city (or from the province when its city
lacks the item), so the copy is identical to the county's reference (spec §7). Lower catalogs have
their own agency, agency_code (GB 32100-valid) and implementation_code, and are filled up to
--items with local items that carry `local_basis` (outside the upper catalogs, but allowed).

A share (--deviation-rate) of the copied items gets exactly one level deviation: a material
added / removed / changed, a longer / shorter promised time limit, another process, another
fee, another article of a legal basis, another name; and a few copied items are dropped
(level-missing-item) or followed by an extra item without local_basis (level-extra-item).
Each deviation is listed in DIR/../<dirname>-answers.json (file, item code, expected rule),
so that `shitong validate --format json` can be checked to find exactly those level-* findings
and nothing else (bench/check_answers.py does that).

Deterministic: the same arguments give byte-identical trees. Standard library only.
"""

import argparse
import csv
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_catalog as gc  # noqa: E402  (item drawing and writing are shared)

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_AREACODES = os.path.join(HERE, "..", "lib", "data", "areacodes.csv")

ALL_LEVELS = ("province", "city", "county")
LEVEL_DIGIT = {"province": "2", "city": "3", "county": "4"}
LOCAL_SERIAL_START = 50000  # item serials below: province reference items; from here: local items

LOCAL_BASES = [
    "山东省优化营商环境条例", "山东省食品小作坊小餐饮和食品摊点管理条例", "山东省城市建设管理条例",
    "山东省物业管理条例", "山东省养老服务条例", "山东省人民政府关于深化“放管服”改革的实施意见",
]

# deviation kind -> the rule shitong should report for it
DEVIATIONS = [
    ("materials-added", "level-materials-added"),
    ("materials-removed", "level-materials-removed"),
    ("materials-changed", "level-materials-changed"),
    ("time-longer", "level-time-limit-longer"),
    ("time-shorter", "level-time-limit-shorter"),
    ("process", "level-process"),
    ("fee", "level-fee"),
    ("legal-basis", "level-legal-basis"),
    ("name", "level-name"),
    ("extra", "level-extra-item"),
    ("missing", "level-missing-item"),
]
RULE_OF = dict(DEVIATIONS)
# the field deviations are equally likely; an extra or a missing item is 4x rarer ("a few")
WEIGHTS = {k: (0.25 if k in ("extra", "missing") else 1.0) for k, _ in DEVIATIONS}


# ---------------------------------------------------------------------------
# Regions


def read_regions(path, prefix):
    """(province, [(city, [county...])...], [orphan county...]) of the current codes under prefix.

    Each region is a dict: code, name (as in the table), full (display name), level."""
    rows = []
    with open(path, encoding="utf-8-sig", newline="") as f:
        for r in csv.DictReader(f):
            if r["状态"] == "在用" and r["代码"].startswith(prefix):
                rows.append(r)
    prov = [r for r in rows if r["代码"] == prefix + "0000"]
    if not prov:
        raise SystemExit("gen_province: no current province %s0000 in %s" % (prefix, path))
    province = {"code": prov[0]["代码"], "name": prov[0]["名称"], "full": prov[0]["名称"], "level": "province"}
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
            orphans.append({"code": r["代码"], "name": r["名称"], "full": r["名称"], "level": "county"})
    tree = [(cities[c], sorted(under[c], key=lambda x: x["code"])) for c in sorted(cities)]
    return province, tree, sorted(orphans, key=lambda x: x["code"])


# ---------------------------------------------------------------------------
# Items


def ten_yaml(it):
    """The ten fields' YAML, cached on the item (copies share it until they deviate)."""
    t = it.get("_ten")
    if t is None:
        t = it["_ten"] = gc.ten_fields_yaml(it)
    return t


def service_yaml(it):
    t = it.get("_svc")
    if t is None:
        t = it["_svc"] = gc.service_yaml(it)
    return t


def copy_item(it):
    """A copy of an item whose ten fields may be changed (the cached YAML is dropped)."""
    c = dict(it)
    c.pop("_ten", None)
    c["materials"] = [dict(m) for m in it["materials"]]
    c["legal_basis"] = list(it["legal_basis"])
    c["process"] = list(it["process"])
    return c


class Namer:
    """Hands out item names and codes that no other item of the tree has."""

    def __init__(self, combos, prefix, first_combo):
        self.combos = combos
        self.prefix = prefix
        self.next = first_combo
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
        return self.prefix + type_code + "%05d" % table[type_code] + "000"

    def new_item(self, rng, local):
        d, obj, a, var, batch = self.take()
        code = self.code(gc.TYPE_CODES[gc.ACTIONS[a][1]], local)
        return gc.draw_item(rng, code, d, obj, a, var, batch)


def feasible(kind, it):
    legal, promised, _ = it["time_limit"]
    if kind == "time-longer":
        return legal is None or promised < legal
    if kind == "time-shorter":
        return promised > 0
    if kind == "materials-added":
        return len(it["materials"]) - 1 < len(gc.COMMON_MATERIALS)
    if kind in ("materials-removed", "materials-changed"):
        return len(it["materials"]) >= 3  # the application form plus at least two more
    return True


def deviate(rng, kind, it):
    """A copy of `it` with one deviation of `kind` in its ten fields."""
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
    else:
        raise AssertionError(kind)
    return c


# ---------------------------------------------------------------------------
# Catalogs


class Catalog:
    def __init__(self, region, parent, relpath):
        self.region = region
        self.parent = parent          # parent Catalog (None for the province)
        self.relpath = relpath
        self.entries = []             # (item, levels or None, local_basis or None)
        self.by_code = {}             # reference copies, by code: what the catalogs below follow
        self.agencies = None

    def text(self, seed):
        r = self.region
        level = r["level"]
        out = ["# generated by bench/gen_province.py --seed %d (benchmark input, not a real catalog)\n" % seed,
               "kind: catalog\n", "version: 1\n", "region:\n", '  code: "%s"\n' % r["code"],
               "  name: %s\n" % r["full"], "  level: %s\n" % level]
        if self.parent is not None:
            out.append('parent: "%s"\n' % self.parent.region["code"])
        out += ["published: 2024-05-10\n", "publisher: %s行政审批服务局\n" % r["full"], "items:\n"]
        digit = LEVEL_DIGIT[level]
        w = out.append
        for it, levels, local_basis in self.entries:
            agency, agency_code = self.agencies[it["domain"]]
            w(ten_yaml(it))
            w(gc.agency_yaml(agency, agency_code, digit, it["code"]))
            if levels:
                w("    levels: " + gc.flow(levels) + "\n")
            w(service_yaml(it))
            if local_basis:
                w("    local_basis: " + local_basis + "\n")
            w("\n")
        return "".join(out)


def build_province(region, n_items, seed, prefix):
    rng = random.Random(seed)
    cat = Catalog(region, None, "%s-%s.yaml" % (region["code"], region["name"]))
    cat.agencies = gc.make_agencies(rng, region["code"], region["full"])
    namer = Namer(gc.item_names(rng), prefix, 0)
    for _ in range(n_items):
        it = namer.new_item(rng, local=False)
        r = rng.random()
        levels = list(ALL_LEVELS) if r < 0.90 else ["province", "city"] if r < 0.96 else ["province"]
        it["levels"] = levels
        cat.entries.append((it, levels, None))
        cat.by_code[it["code"]] = it
    return cat, namer


def build_lower(region, parent, province, relpath, n_items, rate, seed, namer, answers):
    """A city (parent = province) or a county (parent = its city, or the province)."""
    level = region["level"]
    rng = random.Random("%d:%s" % (seed, region["code"]))
    cat = Catalog(region, parent, relpath)
    cat.agencies = gc.make_agencies(rng, region["code"], region["full"])
    kinds = [k for k, _ in DEVIATIONS]

    def note(kind, code, ref_cat):
        answers.append({"file": relpath, "region": region["code"], "item": code, "rule": RULE_OF[kind],
                        "deviation": kind, "reference": ref_cat.relpath})

    due = [it for it, levels, _ in province.entries if level in it["levels"]]
    for pit in due:
        # the reference: the nearest catalog above that has the item
        ref, ref_cat = pit, province
        if parent is not province and pit["code"] in parent.by_code:
            ref, ref_cat = parent.by_code[pit["code"]], parent
        it = ref
        kind = None
        if rng.random() < rate:
            choices = [k for k in kinds if feasible(k, ref)]
            kind = rng.choices(choices, weights=[WEIGHTS[k] for k in choices])[0]
        if kind == "missing":
            note(kind, ref["code"], ref_cat)
            continue
        if kind not in (None, "extra"):
            it = deviate(rng, kind, ref)
            note(kind, it["code"], ref_cat)
        cat.entries.append((it, pit["levels"] if level == "city" else None, None))
        cat.by_code[it["code"]] = it
        if kind == "extra":
            x = namer.new_item(rng, local=True)
            cat.entries.append((x, None, None))
            note(kind, x["code"], ref_cat)
    # local items (with local_basis) up to --items
    for _ in range(max(0, n_items - len(due))):
        x = namer.new_item(rng, local=True)
        cat.entries.append((x, None, rng.choice(LOCAL_BASES)))
    return cat


def plan(args):
    province_region, tree, orphans = read_regions(args.areacodes, args.province)
    if args.scale is not None:
        tree = tree[:args.scale]
        orphans = []
    return province_region, tree, orphans


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("-o", "--output", required=True, metavar="DIR", help="output directory")
    p.add_argument("--province", default="37", help="2-digit province code (default 37, 山东)")
    p.add_argument("--items", type=int, default=1500, help="items per catalog (default 1500)")
    p.add_argument("--scale", type=int, metavar="K", help="only the first K cities (and their counties)")
    p.add_argument("--deviation-rate", type=float, default=0.02,
                   help="share of copied items given one level deviation (default 0.02)")
    p.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    p.add_argument("--areacodes", default=DEFAULT_AREACODES, help="GB/T 2260 table (default lib/data/areacodes.csv)")
    p.add_argument("--force", action="store_true", help="write into a non-empty directory (same-named files are replaced)")
    args = p.parse_args(argv)
    if len(args.province) != 2 or not args.province.isdigit():
        p.error("--province takes 2 digits, e.g. 37")
    if args.items < 1:
        p.error("--items must be >= 1")
    if args.scale is not None and args.scale < 1:
        p.error("--scale must be >= 1")
    if not 0.0 <= args.deviation_rate <= 1.0:
        p.error("--deviation-rate must be in [0, 1]")

    out = os.path.normpath(args.output)
    if os.path.exists(out):
        if not os.path.isdir(out):
            p.error("%s exists and is not a directory" % out)
        if os.listdir(out) and not args.force:
            p.error("%s is not empty (use --force to write into it anyway)" % out)
    answers_path = os.path.join(os.path.dirname(os.path.abspath(out)), os.path.basename(os.path.abspath(out)) + "-answers.json")

    province_region, tree, orphans = plan(args)
    province, namer = build_province(province_region, args.items, args.seed, args.province)
    catalogs = [province]
    answers = []
    for city_region, counties in tree:
        sub = "%s-%s" % (city_region["code"], city_region["name"])
        city = build_lower(city_region, province, province, "%s/%s.yaml" % (sub, sub), args.items,
                           args.deviation_rate, args.seed, namer, answers)
        catalogs.append(city)
        for c in counties:
            catalogs.append(build_lower(c, city, province, "%s/%s-%s.yaml" % (sub, c["code"], c["name"]), args.items,
                                        args.deviation_rate, args.seed, namer, answers))
    for c in orphans:
        catalogs.append(build_lower(c, province, province, "%s-%s.yaml" % (c["code"], c["name"]), args.items,
                                    args.deviation_rate, args.seed, namer, answers))

    os.makedirs(out, exist_ok=True)
    total_bytes = 0
    total_items = 0
    extra_yaml = 0
    mine = set()
    for cat in catalogs:
        data = cat.text(args.seed).encode("utf-8")
        path = os.path.join(out, cat.relpath)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
        mine.add(os.path.normpath(path))
        total_bytes += len(data)
        total_items += len(cat.entries)
    for root, dirs, files in os.walk(out):
        extra_yaml += sum(1 for n in files if n.endswith((".yaml", ".yml")) and os.path.join(root, n) not in mine)

    by_rule = {}
    for a in answers:
        by_rule[a["rule"]] = by_rule.get(a["rule"], 0) + 1
    doc = {
        "generator": "bench/gen_province.py",
        "arguments": {"province": args.province, "items": args.items, "scale": args.scale,
                      "deviation_rate": args.deviation_rate, "seed": args.seed},
        "tree": os.path.basename(os.path.abspath(out)),
        "summary": {"catalogs": len(catalogs), "items": total_items, "bytes": total_bytes,
                    "deviations": len(answers), "by_rule": dict(sorted(by_rule.items()))},
        "note": "file: relative to the tree; item: the item code the finding names; "
                "rule: the level-* rule expected for it (one finding each); reference: the catalog the "
                "item is compared with. Nothing else should be reported.",
        "deviations": answers,
    }
    with open(answers_path, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print("gen_province: %d catalogs (1 province, %d cities, %d county-level), %d items, %d bytes (%.1f MiB), "
          "%d deviations, seed %d -> %s; answers %s"
          % (len(catalogs), len(tree), len(catalogs) - 1 - len(tree), total_items, total_bytes,
             total_bytes / 1048576, len(answers), args.seed, out, answers_path), file=sys.stderr)
    if extra_yaml:
        print("gen_province: warning: %s holds %d other YAML files that are not part of this tree"
              % (out, extra_yaml), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
