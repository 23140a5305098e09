#include "loaders.hpp"

#include <cstdlib>

#include "errors.hpp"

namespace urlscan::frontend {

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

// Where the compiled rules are kept between runs (the library decides nothing about files):
// URLSCAN_CACHE_DIR ("off": nowhere), else $XDG_CACHE_HOME/urlscan, else ~/.cache/urlscan.
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

}  // namespace urlscan::frontend
