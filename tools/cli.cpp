#include "cli.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace urlscan::cli {

std::string Args::value(std::string_view arg, std::string_view name) {
  if (arg.size() > name.size() && arg[name.size()] == '=')
    return std::string(arg.substr(name.size() + 1));
  if (empty()) throw Error("option " + std::string(name) + " needs a value");
  return std::string(next());
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
    if (!m.loaded()) throw Error("this build has no built-in model; pass --model FILE");
    return m;
  }
  std::string detail;
  if (Model::load_file(path, storage, &detail) != errc::ok) throw Error(detail);
  return storage;
}

bool ModelOptions::take(Args& args, std::string_view a) {
  if (Args::is(a, "--model"))
    model_path = args.value(a, "--model");
  else if (Args::is(a, "--rules"))
    rule_dirs.emplace_back(args.value(a, "--rules"));
  else if (a == "--no-rules")
    no_rules = true;
  else
    return false;
  return true;
}

const RuleBook* load_rules(const std::vector<std::string>& dirs, bool none, RuleBook& storage) {
  if (none) {
    if (!dirs.empty()) throw Error("--rules and --no-rules exclude each other");
    return nullptr;
  }
  if (dirs.empty()) return &RuleBook::builtin();
  std::string detail;
  if (RuleBook::load(dirs, storage, &detail) != errc::ok) throw Error(detail);
  return &storage;
}

}  // namespace urlscan::cli
