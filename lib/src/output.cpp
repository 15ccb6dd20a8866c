#include <shitong/output.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

namespace shitong {

namespace {
std::string write_all(int fd, std::string_view content, const std::string &what) {
  const char *p = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fmt::format("cannot write {}: {}", what, std::strerror(errno));
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  return {};
}
} // namespace

std::string write_file_atomic(const std::string &path_in, std::string_view content, bool overwrite) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::string path = path_in;
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0) {
    if (S_ISLNK(st.st_mode)) { // write where the link points, and keep the link
      auto resolved = fs::weakly_canonical(path, ec);
      if (!ec) path = resolved.string();
      if (::stat(path.c_str(), &st) != 0) st = {};
    }
    if (S_ISDIR(st.st_mode)) return fmt::format("{} is a directory", path_in);
    if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)) {
      // /dev/null, /dev/stdout, a pipe: write to it; never rename a file over a device
      int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
      if (fd < 0) return fmt::format("cannot open {}: {}", path_in, std::strerror(errno));
      std::string err = write_all(fd, content, path_in);
      ::close(fd);
      return err;
    }
  }
  fs::path target(path);
  if (target.has_parent_path()) {
    fs::create_directories(target.parent_path(), ec);
    if (ec) return fmt::format("cannot create directory {}: {}", target.parent_path().string(), ec.message());
  }
  std::string tmp = fmt::format("{}.tmp-{}", path, static_cast<long>(::getpid()));
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return fmt::format("cannot create {}: {}", tmp, std::strerror(errno));
  if (std::string msg = write_all(fd, content, tmp); !msg.empty()) {
    ::close(fd);
    ::unlink(tmp.c_str());
    return msg;
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    std::string msg = fmt::format("cannot write {}: {}", tmp, std::strerror(errno));
    ::unlink(tmp.c_str());
    return msg;
  }
  if (!overwrite) {
    // link() fails with EEXIST when the target exists: check and create in one step
    if (::link(tmp.c_str(), path.c_str()) == 0) {
      ::unlink(tmp.c_str());
      return {};
    }
    int e = errno;
    if (e == EEXIST) {
      ::unlink(tmp.c_str());
      return fmt::format("{} already exists; not overwritten", path);
    }
    if (e != EPERM && e != ENOTSUP && e != EXDEV) { // else: no hard links here, fall back
      ::unlink(tmp.c_str());
      return fmt::format("cannot create {}: {}", path, std::strerror(e));
    }
    std::error_code exists_ec;
    if (fs::exists(target, exists_ec) || fs::is_symlink(target, exists_ec)) {
      ::unlink(tmp.c_str());
      return fmt::format("{} already exists; not overwritten", path);
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::string msg = fmt::format("cannot rename {} to {}: {}", tmp, path, std::strerror(errno));
    ::unlink(tmp.c_str());
    return msg;
  }
  return {};
}

// ---- the output policy ----------------------------------------------------------------------

namespace {
namespace fs = std::filesystem;

std::string errno_text(int e, bool en) {
  if (en) return std::strerror(e);
  switch (e) {
  case EACCES:
  case EPERM:
    return "权限不足";
  case EROFS:
    return "只读文件系统";
  case ENOSPC:
    return "磁盘空间不足";
  case ENOENT:
    return "文件夹不存在";
  case ENOTDIR:
    return "路径中有一段不是文件夹";
#ifdef EDQUOT
  case EDQUOT:
    return "超出磁盘配额";
#endif
  default:
    return std::strerror(e);
  }
}

std::string lower_extension(const std::string &path) {
  std::string ext = fs::path(path).extension().string();
  if (!ext.empty()) ext.erase(0, 1);
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

fs::path canonical_or_self(const std::string &p) {
  std::error_code ec;
  auto c = fs::weakly_canonical(fs::absolute(p, ec), ec);
  return ec ? fs::path(p).lexically_normal() : c;
}

bool inside(const fs::path &file, const fs::path &dir) {
  auto f = file.string(), d = dir.string();
  if (!d.empty() && d.back() != '/') d += '/';
  return f.size() > d.size() && f.compare(0, d.size(), d) == 0;
}

/// "catalog" or "certificates" when the top of the file says so (`kind: catalog`), else "".
std::string sniff_kind(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::string head(16384, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  std::size_t pos = 0;
  while (pos < head.size()) {
    auto nl = head.find('\n', pos);
    std::string_view line(head.data() + pos, (nl == std::string::npos ? head.size() : nl) - pos);
    if (line.substr(0, 5) == "kind:") {
      std::string v;
      for (char c : line.substr(5))
        if (c != ' ' && c != '"' && c != '\'' && c != '\r' && c != '\t') v += c;
      if (v == "catalog" || v == "certificates") return v;
    }
    if (nl == std::string::npos) break;
    pos = nl + 1;
  }
  return {};
}
} // namespace

std::vector<std::string> output_extensions(std::string_view format) {
  if (format == "text") return {"txt", "log", "text"};
  if (format == "github") return {"txt", "log"};
  if (format == "json" || format == "baseline" || format == "schema") return {"json"};
  if (format == "sarif") return {"sarif", "json"};
  if (format == "junit") return {"xml"};
  if (format == "markdown" || format == "md") return {"md", "markdown"};
  if (format == "html") return {"html", "htm"};
  if (format == "csv") return {"csv"};
  if (format == "xlsx") return {"xlsx"};
  if (format == "dot") return {"dot", "gv"};
  if (format == "mermaid") return {"mmd", "mermaid", "md"};
  if (format == "yaml") return {"yaml", "yml"};
  return {};
}

std::string check_output(const std::string &path, std::string_view format, const OutputPolicy &policy) {
  bool en = policy.english;
  if (path.empty()) return en ? "the output path is empty" : "输出路径为空";
  struct stat st {};
  bool exists = ::stat(path.c_str(), &st) == 0;
  bool device = exists && (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode));
  if (device) return {}; // /dev/stdout, /dev/null, a pipe: nothing to protect
  // 1. never onto an input, a YAML file inside an input folder, or a catalog/registry
  fs::path target = canonical_or_self(path);
  for (const auto &in : policy.inputs) {
    if (in.empty()) continue;
    fs::path c = canonical_or_self(in);
    std::error_code ec;
    bool same = target == c;
    std::string ext = lower_extension(path);
    bool yaml_inside = fs::is_directory(c, ec) && inside(target, c) && (ext == "yaml" || ext == "yml");
    if (same || yaml_inside)
      return en ? fmt::format("{} is an input of this run (of {}); an input is never an output: choose another file",
                              path, in)
                : fmt::format("{} 是本次运行的输入（{}）；输入文件不会被当作输出覆盖，请换一个文件名", path, in);
  }
  if (exists && S_ISREG(st.st_mode) && format != "yaml") { // init and import write catalogs themselves
    std::string kind = sniff_kind(path);
    if (!kind.empty())
      return en ? fmt::format("{} is a {} of the repository (kind: {}); it is never overwritten by a report", path,
                              kind == "catalog" ? "catalog" : "proof registry", kind)
                : fmt::format("{} 是目录仓库中的{}（kind: {}），不会被报告覆盖；请换一个文件名", path,
                              kind == "catalog" ? "事项目录" : "证明事项清单", kind);
  }
  if (exists && S_ISDIR(st.st_mode))
    return en ? fmt::format("{} is a folder; give a file name", path) : fmt::format("{} 是文件夹，请给出文件名", path);
  // 2. an extension that fits the format
  auto exts = output_extensions(format);
  std::string ext = lower_extension(path);
  if (!exts.empty() && !ext.empty() && std::find(exts.begin(), exts.end(), ext) == exts.end()) {
    std::string want = ext == "xls" ? "xlsx" : ext == "htm" ? "html" : exts.front();
    return en ? fmt::format("{}: the extension .{} does not fit the format {}; did you mean .{}?", path, ext, format,
                            want)
              : fmt::format("{}：扩展名 .{} 与输出格式 {} 不符；是否应为 .{}？", path, ext, format, want);
  }
  // 3. nothing replaced without --force
  if (exists && !policy.force)
    return en ? fmt::format("{} already exists; nothing was written (use --force to replace it)", path)
              : fmt::format("{} 已存在，未写入（确需替换时加 --force）", path);
  // 4. a folder that exists (or can be created) and is writable
  fs::path dir = fs::path(path).parent_path();
  if (dir.empty()) dir = ".";
  fs::path probe = dir;
  std::error_code ec;
  while (!fs::exists(probe, ec) && probe.has_parent_path() && probe.parent_path() != probe) probe = probe.parent_path();
  if (!fs::exists(probe, ec) && probe.is_relative()) probe = "."; // "新文件夹/清单.html": created in the current folder
  if (!fs::is_directory(probe, ec))
    return en ? fmt::format("cannot write {}: {} is not a folder", path, probe.string())
              : fmt::format("无法写入 {}：{} 不是文件夹", path, probe.string());
  if (::access(probe.c_str(), W_OK | X_OK) != 0) {
    int e = errno;
    bool missing = probe != dir;
    return en ? fmt::format("cannot write {}: the folder {} is not writable ({}){}", path, probe.string(),
                            errno_text(e, en), missing ? fmt::format("; {} does not exist", dir.string()) : "")
              : fmt::format("无法写入 {}：文件夹 {} 不可写（{}）{}", path, probe.string(), errno_text(e, en),
                            missing ? fmt::format("，且 {} 不存在", dir.string()) : "");
  }
  return {};
}

std::string write_output(const std::string &path, std::string_view content, std::string_view format,
                         const OutputPolicy &policy) {
  if (auto why = check_output(path, format, policy); !why.empty()) return why;
  errno = 0;
  std::string err = write_file_atomic(path, content, policy.force);
  if (err.empty()) return {};
  return policy.english ? fmt::format("cannot write {}: {}", path, err) : fmt::format("无法写入 {}：{}", path, err);
}

} // namespace shitong
