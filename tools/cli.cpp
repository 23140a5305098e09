#include "cli.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace urlscan::cli {

std::string Args::value(std::string_view arg, std::string_view name) {
  if (arg.size() > name.size() && arg[name.size()] == '=')
    return std::string(arg.substr(name.size() + 1));
  if (empty()) throw Error("option " + std::string(name) + " needs a value");
  return std::string(next());
}

void OptionGroups::take(std::string_view option, std::string_view group) {
  for (const auto& [o, g] : given_) {
    if (o == option) throw Error(std::string(option) + " is given twice");
    if (!group.empty() && g == group)
      throw Error(std::string(o) + " and " + std::string(option) + " exclude each other (" +
                  std::string(group) + ")");
  }
  given_.emplace_back(option, group);
}

bool OptionGroups::has(std::string_view option) const {
  for (const auto& g : given_)
    if (g.first == option) return true;
  return false;
}

void OptionGroups::require(std::string_view option, std::string_view needed) const {
  if (has(option) && !has(needed))
    throw Error(std::string(option) + " works only with " + std::string(needed));
}

OutputFile::OutputFile(std::string path) : path_(std::move(path)) {
  struct stat st {};
  if (::stat(path_.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CLOEXEC);  // /dev/stdout, a pipe: written in place
  } else {
    temp_ = path_ + ".tmp.XXXXXX";
    fd_ = mkstemp(temp_.data());
  }
  if (fd_ < 0) throw DataError(path_ + ": cannot write (" + std::strerror(errno) + ")");
}

OutputFile::~OutputFile() {
  if (fd_ >= 0) {
    ::close(fd_);
    if (!temp_.empty()) ::unlink(temp_.c_str());
  }
}

void OutputFile::commit(std::string_view bytes) {
  bool ok = true;
  for (std::size_t done = 0; ok && done < bytes.size();) {
    const ssize_t n = ::write(fd_, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) done += static_cast<std::size_t>(n);
  }
  if (!temp_.empty()) {
    // mkstemp makes the file 0600; an output is as readable as any file the user writes.
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ok = ok && ::fchmod(fd_, 0666 & ~mask) == 0;
  }
  ok = ::close(fd_) == 0 && ok;
  fd_ = -1;
  if (!ok || (!temp_.empty() && std::rename(temp_.c_str(), path_.c_str()) != 0)) {
    const std::string why = std::strerror(errno);
    ::unlink(temp_.c_str());
    throw DataError(path_ + ": cannot write (" + why + ")");
  }
}

long parse_long(std::string_view s, std::string_view what, long lo, long hi) {
  long v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || p != s.data() + s.size() || v < lo || v > hi)
    throw Error(std::string(what) + " must be an integer in " + std::to_string(lo) + ".." +
                std::to_string(hi) + ", got '" + std::string(s) + "'");
  return v;
}

double parse_double(std::string_view s, std::string_view what, double lo, double hi) {
  std::string str(s);
  char* end = nullptr;
  double v = std::strtod(str.c_str(), &end);
  if (str.empty() || *end != '\0' || !std::isfinite(v) || v < lo || v > hi)
    throw Error(std::string(what) + " must be a number in [" + std::to_string(lo) + ", " +
                std::to_string(hi) + "], got '" + str + "'");
  return v;
}

const Model& load_model(const std::string& path, Model& storage) {
  if (path.empty()) {
    const Model& m = Model::builtin();
    if (!m.loaded()) throw DataError("this build has no built-in model; pass --model FILE");
    return m;
  }
  std::string detail;
  if (Model::load_file(path, storage, &detail) != errc::ok) throw DataError(detail);
  return storage;
}

bool ModelOptions::take(Args& args, std::string_view a) {
  if (Args::is(a, "--model")) {
    if (!model_path.empty()) throw Error("--model is given twice");
    model_path = args.value(a, "--model");
    if (model_path.empty()) throw Error("--model needs a FILE");
  } else if (Args::is(a, "--rules"))
    rule_dirs.emplace_back(args.value(a, "--rules"));
  else if (a == "--no-rules")
    no_rules = true;
  else
    return false;
  return true;
}

std::string rules_cache_dir() {
  if (const char* d = std::getenv("URLSCAN_CACHE_DIR")) return std::string(d) == "off" ? "" : d;
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) return std::string(x) + "/urlscan";
  if (const char* h = std::getenv("HOME"); h && *h) return std::string(h) + "/.cache/urlscan";
  return {};
}

const RuleBook* load_rules(const std::vector<std::string>& dirs, bool none, RuleBook& storage) {
  if (none) {
    if (!dirs.empty()) throw Error("--rules and --no-rules exclude each other");
    return nullptr;
  }
  const std::string cache_dir = rules_cache_dir();
  if (dirs.empty() && cache_dir.empty()) return &RuleBook::builtin();
  std::string detail;
  if (RuleBook::load(dirs, storage, &detail, cache_dir) != errc::ok) throw DataError(detail);
  return &storage;
}

}  // namespace urlscan::cli
