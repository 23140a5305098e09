#include "options.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>

#include "errors.hpp"

namespace urlscan::frontend {

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

long parse_long(std::string_view s, std::string_view what, long lo, long hi) {
  long v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || p != s.data() + s.size() || v < lo || v > hi)
    throw Error(std::string(what) + " must be an integer in " + std::to_string(lo) + ".." +
                std::to_string(hi) + ", got '" + std::string(s) + "'");
  return v;
}

namespace {
// A bound as a user writes it: 1 and 0.5, not 1.000000 and 0.500000.
std::string shortest(double v) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc{} ? std::string(buf, end) : std::to_string(v);
}
}  // namespace

double parse_double(std::string_view s, std::string_view what, double lo, double hi) {
  std::string str(s);
  char* end = nullptr;
  double v = std::strtod(str.c_str(), &end);
  if (str.empty() || *end != '\0' || !std::isfinite(v) || v < lo || v > hi)
    throw Error(std::string(what) + " must be a number in [" + shortest(lo) + ", " + shortest(hi) +
                "], got '" + str + "'");
  return v;
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

}  // namespace urlscan::frontend
