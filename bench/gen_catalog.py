#!/usr/bin/env python3
"""Generate one large, valid shitong catalog (kind: catalog) for benchmarks.

The output is shaped like catalogs/山东省/*.yaml: block-style YAML, a county catalog
(370102 济南市历下区, parent 370100), items of roughly 1.5-3 KB each with 5-10 materials,
1-3 legal_basis entries, one form of 6-10 fields, process, fee, time_limit, agency,
a GB 32100-valid agency_code, implementation_code = agency_code + "4" + code,
visits / visits_reason / channels, proxy and outputs.

It is deterministic: the same --seed and --mb give byte-identical output.
The file is meant to validate with zero findings:

    shitong validate --no-config --jobs 1 OUT.yaml

bench/gen_province.py imports this module and reuses its word lists, make_agencies(),
item_names(), draw_item(), ten_fields_yaml(), agency_yaml() and service_yaml().

Standard library only.
"""

import argparse
import random
import sys

# ---------------------------------------------------------------------------
# GB 32100-2015 统一社会信用代码 (docs/format.md §6.5)

USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc_check(first17):
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(first17, USCC_WEIGHTS))
    return USCC_CHARS[(31 - total % 31) % 31]


def org_check(org8):
    """GB 11714 check character of an 8-character 组织机构代码 body."""
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    total = sum((int(c) if c.isdigit() else ord(c) - 55) * w for c, w in zip(org8, weights))
    c = 11 - total % 11
    return "0" if c == 11 else "X" if c == 10 else str(c)


def uscc(region, org9):
    body = "11" + region + org9  # 11 = 机关 (organ of state)
    assert len(body) == 17 and all(c in USCC_CHARS for c in body), body
    return body + uscc_check(body)


# self-test against the examples of GB 32100-2015
assert uscc_check("91350100M000100Y4") == "3"
assert uscc_check("11440100007482575") == "H"
assert uscc_check("12440100741854396") == "C"
assert uscc_check("91350203M0001QAY9") != "B"
assert org_check("M000100Y") == "4" and org_check("76726532") == "X"

# ---------------------------------------------------------------------------
# Chinese numerals for article numbers (第三十五条)

DIGITS = "零一二三四五六七八九"


def cn_number(n):
    assert 1 <= n <= 999
    out = ""
    h, t, u = n // 100, n // 10 % 10, n % 10
    if h:
        out += DIGITS[h] + "百"
        if t == 0 and u:
            out += "零"
    if t:
        out += ("" if (t == 1 and not h) else DIGITS[t]) + "十"
    if u:
        out += DIGITS[u]
    return out


def article(n):
    return "第" + cn_number(n) + "条"


# ---------------------------------------------------------------------------
# Word lists

REGION_CODE = "370102"
REGION_NAME = "济南市历下区"
PARENT = "370100"
PUBLISHER = "济南市历下区行政审批服务局"

# (department suffix, laws, nouns)
DOMAINS = [
    ("市场监督管理局",
     ["中华人民共和国食品安全法", "中华人民共和国产品质量法", "市场主体登记管理条例",
      "中华人民共和国广告法", "食品经营许可和备案管理办法", "中华人民共和国计量法"],
     ["餐饮服务场所", "食品销售门店", "保健食品经营", "特种设备使用", "计量器具", "食品小作坊",
      "商品交易市场", "户外广告设置", "网络餐饮服务", "集体用餐配送"]),
    ("卫生健康局",
     ["中华人民共和国基本医疗卫生与健康促进法", "医疗机构管理条例", "公共场所卫生管理条例",
      "中华人民共和国传染病防治法", "中华人民共和国医师法", "放射诊疗管理规定"],
     ["医疗机构", "诊所", "公共场所", "放射诊疗项目", "医师执业", "护士执业", "母婴保健技术服务",
      "消毒产品生产", "生活饮用水供水单位", "职业健康检查机构"]),
    ("住房和城乡建设局",
     ["中华人民共和国建筑法", "建设工程质量管理条例", "城市房地产开发经营管理条例",
      "物业管理条例", "建设工程勘察设计管理条例", "城镇燃气管理条例"],
     ["建筑工程施工", "房地产开发项目", "商品房预售", "物业服务区域", "燃气经营", "建设工程消防设计",
      "城市建筑垃圾处置", "市政设施占用", "园林绿化工程", "住宅专项维修资金使用"]),
    ("交通运输局",
     ["中华人民共和国道路运输条例", "中华人民共和国公路法", "城市公共汽车和电车客运管理规定",
      "网络预约出租汽车经营服务管理暂行办法", "巡游出租汽车经营服务管理规定"],
     ["道路旅客运输经营", "道路货物运输经营", "机动车维修经营", "网络预约出租汽车运输", "巡游出租汽车",
      "公路超限运输", "涉路施工", "驾驶员培训经营", "城市公交线路", "客运站经营"]),
    ("生态环境分局",
     ["中华人民共和国环境影响评价法", "中华人民共和国大气污染防治法", "中华人民共和国水污染防治法",
      "排污许可管理条例", "中华人民共和国固体废物污染环境防治法", "中华人民共和国噪声污染防治法"],
     ["建设项目环境影响报告表", "排污单位", "危险废物经营", "夜间施工作业", "辐射安全", "机动车排放检验机构",
      "入河排污口设置", "医疗废物处置", "放射性同位素转让", "建设项目竣工环境保护"]),
    ("教育和体育局",
     ["中华人民共和国教育法", "中华人民共和国民办教育促进法", "中华人民共和国教师法",
      "幼儿园管理条例", "中华人民共和国体育法", "全民健身条例"],
     ["民办学校", "幼儿园", "教师资格", "校外培训机构", "高危险性体育项目经营", "学生资助", "义务教育入学",
      "社会体育指导员", "体育赛事活动", "中小学生转学"]),
    ("人力资源和社会保障局",
     ["中华人民共和国劳动法", "中华人民共和国劳动合同法", "中华人民共和国社会保险法",
      "人力资源市场暂行条例", "工伤保险条例", "失业保险条例"],
     ["人力资源服务机构", "劳务派遣经营", "工伤认定", "劳动能力鉴定", "职业技能培训机构", "失业保险金申领",
      "特殊工时制度", "企业职工基本养老保险", "就业困难人员认定", "创业担保贷款"]),
    ("民政局",
     ["社会团体登记管理条例", "民办非企业单位登记管理暂行条例", "中华人民共和国慈善法",
      "殡葬管理条例", "社会救助暂行办法", "养老机构管理办法"],
     ["社会团体", "民办非企业单位", "慈善组织", "养老机构", "最低生活保障", "特困人员供养",
      "临时救助", "经营性公墓", "残疾人两项补贴", "地名命名"]),
    ("文化和旅游局",
     ["娱乐场所管理条例", "营业性演出管理条例", "互联网上网服务营业场所管理条例",
      "中华人民共和国文物保护法", "旅行社条例", "中华人民共和国公共文化服务保障法"],
     ["娱乐场所", "营业性演出", "互联网上网服务营业场所", "旅行社", "文物保护单位修缮", "艺术品经营",
      "出版物零售", "电影放映单位", "公共图书馆服务", "星级饭店评定"]),
    ("农业农村局",
     ["中华人民共和国农产品质量安全法", "中华人民共和国种子法", "农药管理条例",
      "兽药管理条例", "中华人民共和国动物防疫法", "中华人民共和国渔业法"],
     ["农药经营", "兽药经营", "农作物种子生产经营", "动物防疫条件", "动物诊疗", "生鲜乳收购站",
      "拖拉机和联合收割机登记", "水产苗种生产", "农村宅基地", "农业机械购置补贴"]),
    ("城市管理局",
     ["城市市容和环境卫生管理条例", "城市绿化条例", "城市道路管理条例",
      "山东省城市建设管理条例", "城市生活垃圾管理办法"],
     ["城市道路挖掘", "临时占用城市道路", "城市树木砍伐", "大型户外广告设施", "城市生活垃圾经营性清扫",
      "临时占用城市绿地", "建筑垃圾运输", "门头招牌设置", "燃气管道迁移", "环境卫生设施拆除"]),
    ("应急管理局",
     ["中华人民共和国安全生产法", "危险化学品安全管理条例", "烟花爆竹安全管理条例",
      "生产安全事故应急条例", "安全生产许可证条例"],
     ["危险化学品经营", "烟花爆竹经营", "生产经营单位应急预案", "安全生产标准化",
      "非煤矿山安全生产", "特种作业人员", "危险化学品建设项目安全条件", "生产安全事故调查",
      "安全评价机构", "冶金工贸企业安全"]),
]

MODIFIERS = ["", "新建", "临时", "连锁", "个体", "小型", "大型", "涉外", "农村", "城区",
             "社区", "园区", "跨区域", "流动", "季节性"]

# (action, type, outputs-suffix or None)
ACTIONS = [
    ("许可", "行政许可", "许可证"),
    ("审批", "行政许可", "批准文件"),
    ("核准", "行政许可", "核准文件"),
    ("登记", "行政确认", "登记证"),
    ("认定", "行政确认", "认定书"),
    ("备案", "其他行政权力", "备案回执"),
    ("监督检查", "行政检查", None),
    ("违法行为处罚", "行政处罚", "行政处罚决定书"),
    ("查封扣押", "行政强制", None),
    ("补贴发放", "行政给付", None),
    ("费用征收", "行政征收", None),
    ("争议裁决", "行政裁决", "裁决书"),
    ("表彰奖励", "行政奖励", "荣誉证书"),
    ("咨询服务", "公共服务", None),
    ("信息查询", "公共服务", "查询结果告知单"),
]

TYPE_CODES = {
    "行政许可": "01", "行政处罚": "02", "行政强制": "03", "行政征收": "04", "行政给付": "05",
    "行政检查": "06", "行政确认": "07", "行政奖励": "08", "行政裁决": "09", "其他行政权力": "10",
    "公共服务": "20",
}

VARIANTS = ["", "新办", "延续", "变更", "注销", "补证", "迁移", "增项", "换证", "撤回申请"]

# Generic materials: (name, type, form, source, issuer or None).  None of these names can
# equal an output name (outputs end in 许可证/批准文件/…, materials below never do), so no
# item consumes another item's output (no cert-shareable / cert-circular), and no
# material is typed 证明 (no registry is needed).
COMMON_MATERIALS = [
    ("营业执照", "证照", "电子", "政府部门核发", "市场监督管理部门"),
    ("法定代表人居民身份证", "证照", "复印件", "政府部门核发", "公安机关"),
    ("经办人居民身份证", "证照", "原件", "政府部门核发", "公安机关"),
    ("授权委托书", "其他", "原件", "申请人自备", None),
    ("不动产权证书", "证照", "复印件", "政府部门核发", "自然资源部门"),
    ("房屋租赁合同", "其他", "复印件", "申请人自备", None),
    ("场所平面布局图", "其他", "原件", "申请人自备", None),
    ("主要设备设施清单", "其他", "原件", "申请人自备", None),
    ("管理制度文本", "其他", "复印件", "申请人自备", None),
    ("专业技术人员资格证书", "证照", "复印件", "政府部门核发", "人力资源社会保障部门"),
    ("安全管理人员名单及联系方式", "其他", "原件", "申请人自备", None),
    ("应急处置预案", "其他", "复印件", "申请人自备", None),
    ("检测或者评价报告", "其他", "原件", "其他", "第三方检测机构"),
    ("项目可行性研究报告", "其他", "原件", "申请人自备", None),
    ("现场照片", "其他", "电子", "申请人自备", None),
    ("章程草案", "其他", "原件", "申请人自备", None),
    ("验资报告", "其他", "复印件", "其他", "会计师事务所"),
    ("施工方案", "其他", "原件", "申请人自备", None),
    ("承诺书", "表格", "原件", "申请人自备", None),
    ("从业人员培训记录", "其他", "复印件", "申请人自备", None),
    ("环境影响登记表", "表格", "原件", "申请人自备", None),
    ("社会保险缴费记录", "其他", "电子", "政府部门核发", "社会保险经办机构"),
    ("组织机构设置说明", "其他", "原件", "申请人自备", None),
    ("经营场所周边环境示意图", "其他", "原件", "申请人自备", None),
]

FORMS_COPIES = [1, 1, 1, 1, 2]
NECESSITY = ["必要", "必要", "必要", "必要", "非必要", "容缺后补"]

FIELDS = ["单位名称", "统一社会信用代码", "法定代表人", "负责人", "联系电话", "住所", "经营场所",
          "经营范围", "从业人员数", "注册资本", "申请事项", "申请日期", "身份证件号码", "邮政编码",
          "电子邮箱", "项目名称", "项目地址", "建设规模", "投资总额", "申请理由", "备注",
          "开户银行", "银行账号", "有效期限", "占地面积"]

PROCESSES = [
    ["申请", "受理", "审查", "决定", "送达"],
    ["申请", "受理", "审查", "现场核查", "决定", "送达"],
    ["申请", "受理", "办结"],
    ["申请", "受理", "审核", "办结"],
    ["申请", "受理", "审查", "专家评审", "决定", "公示", "送达"],
    ["受理", "调查", "告知", "决定", "送达"],
]

FEE_BASES = [
    ("每证10元", "国家发展改革委 财政部关于规范行政事业性收费标准的通知"),
    ("每次50元", "山东省物价局 山东省财政厅关于调整部分行政事业性收费标准的通知"),
    ("按工程造价的千分之一收取", "山东省行政事业性收费目录清单"),
]

CHANNELS_ONLINE = [
    ["窗口办理", "网上办理", "移动端办理"],
    ["窗口办理", "网上办理"],
    ["网上办理", "移动端办理", "快递申请"],
    ["窗口办理", "网上办理", "快递申请", "自助终端"],
]
CHANNELS_ANY = CHANNELS_ONLINE + [["窗口办理"], ["窗口办理", "自助终端"]]

VISIT_REASONS = [
    "需现场核验原件", "需对经营场所进行现场核查", "需现场采集申请人信息", "需现场签署法律文书",
    "需现场领取实体证照", "需对设施设备进行现场检查验收",
]


def q(s):
    """Double-quoted YAML scalar (used for code-like strings, as the samples do)."""
    return '"' + s + '"'


def flow(seq):
    return "[" + ", ".join(seq) + "]"


def make_agencies(rng, region_code=REGION_CODE, region_name=REGION_NAME):
    """One implementing agency per domain: (name, GB 32100-valid agency_code)."""
    agencies = []
    seen = set()
    for dept, laws, nouns in DOMAINS:
        while True:
            org8 = "MB" + "".join(rng.choice("0123456789") for _ in range(6))
            rng.choice(USCC_CHARS)  # keeps the random sequence of older versions
            org9 = org8 + org_check(org8)
            if org9 not in seen:
                seen.add(org9)
                break
        agencies.append((region_name + dept, uscc(region_code, org9)))
    return agencies


def item_names(rng):
    """All (domain index, name, sub_name, action) combinations, deterministically shuffled."""
    combos = []
    for d, (_, _, nouns) in enumerate(DOMAINS):
        for noun in nouns:
            for mod in MODIFIERS:
                for a, action in enumerate(ACTIONS):
                    for var in VARIANTS:
                        combos.append((d, mod + noun, a, var))
    rng.shuffle(combos)
    return combos


# ---------------------------------------------------------------------------
# Items as data (shared with gen_province.py): draw_item() makes the random draws,
# ten_fields_yaml() / local_fields_yaml() write the block-style YAML of one item.


def draw_item(rng, code, d, obj, action_idx, variant, batch):
    """One item as a dict. The random draws, and their order, are those write_item always made."""
    dept, laws, _ = DOMAINS[d]
    action, typ, output = ACTIONS[action_idx]
    name = obj + action
    sub = ""
    if variant:
        sub = name + "（" + variant + "）"
    if batch:
        sub = (sub or name) + "（第" + cn_number(batch + 1) + "批次）"
    it = {"domain": d, "code": code, "name": name, "sub_name": sub, "type": typ}
    # legal_basis: 1-3 distinct (law, article)
    nb = rng.randint(1, 3)
    it["legal_basis"] = [(law, article(rng.randint(1, 120))) for law in rng.sample(laws, nb)]
    # materials: the application form + 4-9 distinct generic materials
    form_name = name + "申请表"
    mats = [{"name": form_name, "type": "表格", "form": "原件", "copies": 1, "necessity": "必要",
             "source": "申请人自备", "issuer": None}]
    for mname, mtype, mform, msource, missuer in rng.sample(COMMON_MATERIALS, rng.randint(4, 9)):
        mats.append({"name": mname, "type": mtype, "form": mform, "copies": rng.choice(FORMS_COPIES),
                     "necessity": rng.choice(NECESSITY), "source": msource, "issuer": missuer})
    it["materials"] = mats
    it["process"] = list(rng.choice(PROCESSES))
    # fee: None (not charged) or (standard, basis)
    it["fee"] = rng.choice(FEE_BASES) if rng.random() < 0.12 else None
    # time_limit: promised <= legal
    legal = rng.choice([None, 5, 10, 15, 20, 30, 45, 60])
    if legal is not None:
        promised = rng.randint(0, legal)
    else:
        promised = rng.choice([0, 1, 3, 5, 7, 10])
    it["time_limit"] = (legal, promised, rng.choice(["工作日", "工作日", "工作日", "自然日"]))
    # forms: one form, 6-10 fields
    it["forms"] = [(form_name, rng.sample(FIELDS, rng.randint(6, 10)))]
    # local fields other than the agency
    visits = rng.choice([0, 0, 0, 1, 1, 2])
    it["visits"] = visits
    if visits:
        it["visits_reason"] = rng.choice(VISIT_REASONS)
        it["channels"] = rng.choice(CHANNELS_ANY)
    else:
        it["visits_reason"] = None
        it["channels"] = rng.choice(CHANNELS_ONLINE)
    it["proxy"] = rng.random() < 0.6
    it["outputs"] = [obj + output] if output else []
    return it


def ten_fields_yaml(it):
    """The list entry of an item up to and including its ten fields (code ... forms)."""
    out = ['  - code: ' + q(it["code"]) + '\n', '    name: ' + it["name"] + '\n']
    w = out.append
    if it["sub_name"]:
        w('    sub_name: ' + it["sub_name"] + '\n')
    w('    type: ' + it["type"] + '\n')
    w('    legal_basis:\n')
    for law, art in it["legal_basis"]:
        w('      - law: ' + law + '\n')
        w('        article: ' + art + '\n')
    w('    materials:\n')
    for m in it["materials"]:
        w('      - name: ' + m["name"] + '\n')
        w('        type: ' + m["type"] + '\n')
        w('        form: ' + m["form"] + '\n')
        w('        copies: ' + str(m["copies"]) + '\n')
        w('        necessity: ' + m["necessity"] + '\n')
        w('        source: ' + m["source"] + '\n')
        if m["issuer"]:
            w('        issuer: ' + m["issuer"] + '\n')
    w('    process: ' + flow(it["process"]) + '\n')
    w('    fee:\n')
    if it["fee"]:
        standard, basis = it["fee"]
        w('      charged: true\n      standard: ' + standard + '\n      basis: ' + basis + '\n')
    else:
        w('      charged: false\n')
    legal, promised, unit = it["time_limit"]
    w('    time_limit:\n')
    if legal is not None:
        w('      legal: ' + str(legal) + '\n')
    w('      promised: ' + str(promised) + '\n')
    w('      unit: ' + unit + '\n')
    w('    forms:\n')
    for fname, fields in it["forms"]:
        w('      - name: ' + fname + '\n')
        w('        fields: ' + flow(fields) + '\n')
    return "".join(out)


def agency_yaml(agency, agency_code, level_digit, code):
    """agency, agency_code and implementation_code (= agency_code + level digit + code)."""
    return ('    agency: ' + agency + '\n'
            '    agency_code: ' + q(agency_code) + '\n'
            '    implementation_code: ' + q(agency_code + level_digit + code) + '\n')


def service_yaml(it):
    """The local fields after the agency: visits, visits_reason, channels, proxy, outputs."""
    s = '    visits: ' + str(it["visits"]) + '\n'
    if it["visits_reason"]:
        s += '    visits_reason: ' + it["visits_reason"] + '\n'
    s += '    channels: ' + flow(it["channels"]) + '\n'
    s += '    proxy: ' + ("true" if it["proxy"] else "false") + '\n'
    if it["outputs"]:
        s += '    outputs: ' + flow(it["outputs"]) + '\n'
    return s


def write_item(out, rng, code, d, obj, action_idx, variant, batch, agency, agency_code):
    it = draw_item(rng, code, d, obj, action_idx, variant, batch)
    out.append(ten_fields_yaml(it))
    out.append(agency_yaml(agency, agency_code, "4", code))
    out.append(service_yaml(it))
    out.append('\n')


def generate(stream, target_bytes, seed):
    rng = random.Random(seed)
    agencies = make_agencies(rng)
    combos = item_names(rng)
    serial = {t: 0 for t in TYPE_CODES.values()}
    header = (
        "# yaml-language-server: $schema=../../schemas/catalog.schema.json\n"
        "# generated by bench/gen_catalog.py --seed %d (benchmark input, not a real catalog)\n"
        "kind: catalog\n"
        "version: 1\n"
        "region:\n"
        '  code: "%s"\n'
        "  name: %s\n"
        "  level: county\n"
        'parent: "%s"\n'
        "published: 2024-05-10\n"
        "publisher: %s\n"
        "items:\n" % (seed, REGION_CODE, REGION_NAME, PARENT, PUBLISHER))
    data = header.encode("utf-8")
    stream.write(data)
    written = len(data)
    n = 0
    while written < target_bytes:
        d, obj, a, var = combos[n % len(combos)]
        batch = n // len(combos)
        tc = TYPE_CODES[ACTIONS[a][1]]
        serial[tc] += 1
        if serial[tc] > 99999:
            raise SystemExit("gen_catalog: more than 99999 items of one type; ask for fewer MB")
        code = "37" + tc + "%05d" % serial[tc] + "000"
        agency, agency_code = agencies[d]
        parts = []
        write_item(parts, rng, code, d, obj, a, var, batch, agency, agency_code)
        data = "".join(parts).encode("utf-8")
        stream.write(data)
        written += len(data)
        n += 1
    return n, written


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--mb", type=float, default=50.0, help="target size in MiB (default 50)")
    p.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    p.add_argument("-o", "--output", default="-", help="output path (default: stdout)")
    args = p.parse_args(argv)
    if args.mb <= 0:
        p.error("--mb must be > 0")
    target = int(args.mb * 1024 * 1024)
    if args.output == "-":
        n, size = generate(sys.stdout.buffer, target, args.seed)
    else:
        with open(args.output, "wb") as f:
            n, size = generate(f, target, args.seed)
    print("gen_catalog: %d items, %d bytes (%.1f MiB), seed %d"
          % (n, size, size / 1048576, args.seed), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
