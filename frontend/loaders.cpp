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
  if (Status s = Model::load_file(path, storage); !s) throw DataError(std::string(s.message()));
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
  if (Status s = RuleBook::load(dirs, storage, cache_dir); !s)
    throw DataError(std::string(s.message()));
  return &storage;
}

}  // namespace urlscan::frontend
