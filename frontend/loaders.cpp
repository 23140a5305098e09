#include "loaders.hpp"

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

const RuleBook* load_rules(const std::vector<std::string>& dirs, bool none, RuleBook& storage) {
  if (none) {
    if (!dirs.empty()) throw Error("--rules and --no-rules exclude each other");
    return nullptr;
  }
  if (dirs.empty()) return &RuleBook::builtin();
  std::string detail;
  if (RuleBook::load(dirs, storage, &detail) != errc::ok) throw DataError(detail);
  return &storage;
}

}  // namespace urlscan::frontend
