// shitong init [DIR]: start a catalog repository -- a commented .shitong.yaml, the JSON
// Schemas for editors, and one example county catalog. Written with yaml-cpp's Emitter.
#include "cli.hpp"

#include <shitong/config.hpp>
#include <shitong/fix.hpp>
#include <shitong/loader.hpp>
#include <shitong/output.hpp>
#include <shitong/regions.hpp>
#include <shitong/report.hpp>
#include <shitong/schema.hpp>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <ostream>
#include <sstream>

namespace shitong::cli {

namespace {
struct InitArgs : CommonArgs {
  std::string dir = ".";
  std::string region = "370102";
  std::string from; ///< --from: the upper catalog a new lower catalog starts from
};

std::string starter_config() {
  YAML::Emitter e;
  e << YAML::Comment("shitong 配置文件（docs/format.md §9）。shitong validate 在当前目录或上级目录中查找它。")
    << YAML::Newline;
  e << YAML::BeginMap;
  e << YAML::Key << "fail_on" << YAML::Value << "error"
    << YAML::Comment("error | warning | info：达到此级别的发现使退出码为 1");
  e << YAML::Key << "lang" << YAML::Value << "zh" << YAML::Comment("zh | en：消息语言（命令行 --lang 优先）");
  e << YAML::Key << "code_pattern" << YAML::Value << YAML::DoubleQuoted << std::string(k_default_code_pattern)
    << YAML::Comment("事项编码（基本编码）的正则表达式");
  e << YAML::Key << "rules" << YAML::Comment("规则级别：error | warning | info | off（shitong rules 列出全部规则）")
    << YAML::Value << YAML::BeginMap;
  e << YAML::Key << "name-duplicate" << YAML::Value << "error";
  e << YAML::Key << "unknown-key" << YAML::Value << "warning";
  e << YAML::EndMap;
  e << YAML::Key << "ignore"
    << YAML::Comment("经批准的差异：rule、reason 必填；region、item、path、file 可选，全部匹配才忽略") << YAML::Value
    << YAML::Flow << YAML::BeginSeq << YAML::EndSeq;
  e << YAML::EndMap;
  e << YAML::Newline
    << YAML::Comment("ignore 示例（去掉 # 并改成真实的差异；不再匹配任何发现时会报告 unused-ignore）：")
    << YAML::Newline << YAML::Comment("  - rule: visits-reason-missing") << YAML::Newline
    << YAML::Comment("    region: \"370102\"") << YAML::Newline << YAML::Comment("    item: \"370100001000\"")
    << YAML::Newline << YAML::Comment("    reason: 需现场核验原件，经区审改办批准");
  return std::string(e.c_str()) + "\n";
}

std::string example_catalog(const std::string &code, const RegionStatus &region) {
  RegionLevel level = level_from_code(code);
  auto parents = ancestor_codes(code);
  std::string item_code = code.substr(0, 2) + "0100001000";
  YAML::Emitter e;
  e << YAML::Comment("yaml-language-server: $schema=../schemas/catalog.schema.json") << YAML::Newline;
  e << YAML::BeginMap;
  e << YAML::Key << "kind" << YAML::Value << "catalog";
  e << YAML::Key << "version" << YAML::Value << 1;
  e << YAML::Key << "region" << YAML::Value << YAML::BeginMap;
  e << YAML::Key << "code" << YAML::Value << YAML::DoubleQuoted << code;
  e << YAML::Key << "name" << YAML::Value << region.full_name;
  e << YAML::Key << "level" << YAML::Value << level_key(level);
  e << YAML::EndMap;
  if (!parents.empty()) e << YAML::Key << "parent" << YAML::Value << YAML::DoubleQuoted << parents.front();
  e << YAML::Key << "published" << YAML::Value << "2026-01-01";
  e << YAML::Key << "items" << YAML::Value << YAML::BeginSeq;
  e << YAML::BeginMap;
  e << YAML::Key << "code" << YAML::Value << YAML::DoubleQuoted << item_code;
  e << YAML::Key << "name" << YAML::Value << "食品经营许可";
  e << YAML::Key << "sub_name" << YAML::Value << "食品经营许可证核发（新办）";
  e << YAML::Key << "type" << YAML::Value << "行政许可";
  e << YAML::Key << "legal_basis" << YAML::Value << YAML::BeginSeq;
  e << YAML::BeginMap << YAML::Key << "law" << YAML::Value << "中华人民共和国食品安全法" << YAML::Key << "article"
    << YAML::Value << "第三十五条" << YAML::EndMap;
  e << YAML::EndSeq;
  e << YAML::Key << "materials" << YAML::Value << YAML::BeginSeq;
  e << YAML::BeginMap << YAML::Key << "name" << YAML::Value << "食品经营许可申请书" << YAML::Key << "type"
    << YAML::Value << "表格" << YAML::Key << "form" << YAML::Value << "原件" << YAML::Key << "copies" << YAML::Value
    << 1 << YAML::Key << "necessity" << YAML::Value << "必要" << YAML::Key << "source" << YAML::Value << "申请人自备"
    << YAML::EndMap;
  e << YAML::BeginMap << YAML::Key << "name" << YAML::Value << "营业执照" << YAML::Key << "type" << YAML::Value
    << "证照" << YAML::Key << "form" << YAML::Value << "电子" << YAML::Key << "copies" << YAML::Value << 1 << YAML::Key
    << "necessity" << YAML::Value << "必要" << YAML::Key << "source" << YAML::Value << "政府部门核发" << YAML::Key
    << "issuer" << YAML::Value << "市场监督管理部门" << YAML::EndMap;
  e << YAML::EndSeq;
  e << YAML::Key << "process" << YAML::Value << YAML::Flow << YAML::BeginSeq << "申请"
    << "受理"
    << "审查"
    << "决定"
    << "送达" << YAML::EndSeq;
  e << YAML::Key << "fee" << YAML::Value << YAML::BeginMap << YAML::Key << "charged" << YAML::Value << false
    << YAML::EndMap;
  e << YAML::Key << "time_limit" << YAML::Value << YAML::BeginMap << YAML::Key << "legal" << YAML::Value << 20
    << YAML::Key << "promised" << YAML::Value << 5 << YAML::Key << "unit" << YAML::Value << "工作日" << YAML::EndMap;
  e << YAML::Key << "forms" << YAML::Value << YAML::BeginSeq << YAML::BeginMap << YAML::Key << "name" << YAML::Value
    << "食品经营许可申请表" << YAML::Key << "fields" << YAML::Value << YAML::Flow << YAML::BeginSeq << "经营者名称"
    << "统一社会信用代码"
    << "法定代表人"
    << "经营场所"
    << "经营项目" << YAML::EndSeq << YAML::EndMap << YAML::EndSeq;
  e << YAML::Key << "agency" << YAML::Value << region.name + "行政审批服务局";
  e << YAML::Key << "visits" << YAML::Value << 0;
  e << YAML::Key << "channels" << YAML::Value << YAML::Flow << YAML::BeginSeq << "网上办理"
    << "快递申请" << YAML::EndSeq;
  e << YAML::Key << "proxy" << YAML::Value << true;
  e << YAML::Key << "outputs" << YAML::Value << YAML::Flow << YAML::BeginSeq << "食品经营许可证" << YAML::EndSeq;
  e << YAML::EndMap;
  e << YAML::EndSeq;
  e << YAML::EndMap;
  return std::string(e.c_str()) + "\n";
}

/// The header of a new catalog for `code` below `parent` (yaml-cpp's Emitter), up to `items:`.
std::string lower_header(const std::string &code, const RegionStatus &region, const std::string &parent) {
  YAML::Emitter e;
  e << YAML::Comment("yaml-language-server: $schema=../schemas/catalog.schema.json") << YAML::Newline;
  e << YAML::BeginMap;
  e << YAML::Key << "kind" << YAML::Value << "catalog";
  e << YAML::Key << "version" << YAML::Value << 1;
  e << YAML::Key << "region" << YAML::Value << YAML::BeginMap;
  e << YAML::Key << "code" << YAML::Value << YAML::DoubleQuoted << code;
  e << YAML::Key << "name" << YAML::Value << region.full_name;
  e << YAML::Key << "level" << YAML::Value << level_key(level_from_code(code));
  e << YAML::EndMap;
  e << YAML::Key << "parent" << YAML::Value << YAML::DoubleQuoted << parent;
  e << YAML::EndMap;
  return std::string(e.c_str()) + "\n";
}

/// shitong init --from UPPER --region CODE [DIR]: a new lower catalog with the upper items due
/// at its level, their ten fields copied and the local fields left for a person (docs/fix.md).
int run_init_from(const InitArgs &a, const RegionStatus &region, Io &io) {
  bool en = a.english();
  LoadedFile upper = load_file(a.from);
  if (!upper.io_error.empty()) return fail(io, upper.io_error);
  if (upper.kind != DocKind::catalog || !upper.readable)
    return fail(io, fmt::format(fmt::runtime(en ? "--from {}: not a readable catalog (run shitong validate on it)"
                                                : "--from {}：不是可读取的事项目录（请先用 shitong validate 检查）"),
                                a.from));
  std::ifstream in(a.from, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  std::size_t count = 0;
  std::string items = adopted_items(upper, bytes.str(), level_key(level_from_code(a.region)), count);
  std::string content = lower_header(a.region, region, upper.catalog.region.code.value) +
                        (items.empty() ? "items: []\n" : "items:\n" + items);
  std::string path = fmt::format("{}/{}-{}.yaml", a.dir, a.region, region.name);
  OutputPolicy policy = output_policy(a, {a.from}, en);
  if (auto err = write_output(path, content, "yaml", policy); !err.empty()) return fail(io, err);
  io.out << fmt::format(
      fmt::runtime(en ? "created {} with {} item(s) of {}; their local fields (agency, "
                        "agency_code, visits, channels, ...) are for you to fill: shitong validate {}\n"
                      : "已创建 {}，含 {} 个来自 {} 的事项；实施主体、信用代码、到现场次数、办理渠道等"
                        "本地字段需要填写：shitong validate {}\n"),
      path, count, a.from, path);
  return k_ok;
}

int run_init(const InitArgs &a, Io &io) {
  bool en = a.english();
  RegionStatus region = lookup_region(a.region);
  if (region.kind != RegionStatus::current)
    return fail(io, fmt::format(fmt::runtime(en ? "--region {} is not a current GB/T 2260 region code"
                                                : "--region {} 不是现行的 GB/T 2260 行政区划代码"),
                                a.region));
  if (!a.from.empty()) return run_init_from(a, region, io);
  std::string base = a.dir;
  struct Planned {
    std::string path, content, format;
  };
  std::vector<Planned> files = {
      {base + "/.shitong.yaml", starter_config(), "yaml"},
      {fmt::format("{}/catalogs/{}-{}.yaml", base, a.region, region.name), example_catalog(a.region, region), "yaml"},
  };
  for (auto n : schema_names())
    files.push_back({fmt::format("{}/schemas/{}.schema.json", base, n), schema_json(n), "schema"});
  OutputPolicy policy = output_policy(a, {}, en);
  // all or nothing: every target is checked before the first is written
  std::vector<std::string> problems;
  for (auto &f : files)
    if (auto why = check_output(f.path, f.format, policy); !why.empty()) problems.push_back(why);
  if (!problems.empty()) {
    for (auto &p : problems) io.err << "shitong: error: " << p << "\n";
    io.err << (en ? "shitong: nothing was written\n" : "shitong: 未写入任何文件\n");
    return k_failure;
  }
  for (auto &f : files) {
    if (auto err = write_output(f.path, f.content, f.format, policy); !err.empty()) return fail(io, err);
    io.out << (en ? "created " : "已创建 ") << f.path << "\n";
  }
  io.out << fmt::format(fmt::runtime(en ? "next: cd {} && shitong validate\n" : "下一步：cd {} && shitong validate\n"),
                        base);
  return k_ok;
}
} // namespace

void setup_init(CLI::App &app, Io &io, Action &action) {
  auto args = std::make_shared<InitArgs>();
  auto *cmd = app.add_subcommand("init", tr(io, "新建目录仓库：.shitong.yaml、schemas/ 和一个示例目录",
                                            "start a catalog repository: .shitong.yaml, schemas/, an example catalog"));
  cmd->add_option("dir", args->dir, tr(io, "要初始化的文件夹", "directory to initialise"))->capture_default_str();
  cmd->add_option("--region", args->region,
                  tr(io, "示例目录的行政区划代码（GB/T 2260）", "region code of the example catalog (GB/T 2260)"))
      ->capture_default_str();
  cmd->add_option("--from", args->from,
                  tr(io,
                     "从这个上级目录开始一个新的下级目录（--region 的区划）：复制上级要求本级实施的事项的十个要素，"
                     "本地字段留待填写；只写这一个文件",
                     "start a new lower catalog (of --region) from this upper catalog: the ten fields of the items "
                     "due at its level copied, local fields left to fill; writes that one file"));
  add_common(*cmd, *args, k_opt_lang, io);
  cmd->add_flag("--force", args->force, tr(io, "替换已存在的文件", "replace existing files"));
  cmd->footer(exit_footer(io, "0 已创建；2 运行失败（文件已存在且未加 --force 时不写任何文件）",
                          "0 created; 2 the run failed (nothing is written when a file exists without --force)"));
  cmd->callback([args, &io, &action] { action = [args, &io] { return run_init(*args, io); }; });
}

} // namespace shitong::cli
