#include <shitong/output.hpp>

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
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

} // namespace shitong
