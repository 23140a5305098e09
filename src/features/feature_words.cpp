#include "features/feature_words.hpp"

namespace urlscan::detail {

namespace {

std::string part_of(FeatureFamily f) {
  switch (f) {
    case FeatureFamily::host_ngram:
      return "host";
    case FeatureFamily::path_ngram:
      return "path";
    case FeatureFamily::query_ngram:
      return "query";
    default:
      return std::string(family_name(f));
  }
}

// log2 buckets: b = bit width of the value, 0 for 0.
std::string log2_range(long b, const char* unit) {
  if (b <= 0) return std::string("no ") + unit;
  const long lo = 1L << (b - 1), hi = (1L << b) - 1;
  return lo == hi ? std::to_string(lo) + " " + unit
                  : std::to_string(lo) + "-" + std::to_string(hi) + " " + unit;
}

}  // namespace

std::string hashed_feature_words(FeatureFamily f, std::string_view value) {
  if (f == FeatureFamily::host_ngram || f == FeatureFamily::path_ngram ||
      f == FeatureFamily::query_ngram) {
    const bool starts = value.starts_with('<'), ends = value.ends_with('>');
    std::string_view text =
        value.substr(starts, value.size() - starts - (ends && value.size() > starts));
    const std::string quoted = "'" + std::string(text) + "'";
    const std::string part = part_of(f);
    if (starts && ends) return part + " is " + quoted;
    if (starts) return part + " starts with " + quoted;
    if (ends) return part + " ends with " + quoted;
    return part + " contains " + quoted;
  }
  return std::string(family_name(f)) + " '" + std::string(value) + "'";
}

std::string shape_words(std::string_view name, long b) {
  const std::string n(name);
  const bool yes = b != 0;
  if (n == "length") return "URL of " + log2_range(b, "characters");
  if (n == "host length") return "host of " + log2_range(b, "characters");
  if (n == "path length") return b == 0 ? "no path" : "path of " + log2_range(b, "characters");
  if (n == "path uppercase") return log2_range(b, "upper-case letters") + " in the path";
  if (n == "percent escapes") return log2_range(b, "%-escapes") + " in the query";
  if (n == "host labels") return std::to_string(b) + (b >= 8 ? "+" : "") + " labels in the host";
  if (n == "host digits") return std::to_string(b) + (b >= 6 ? "+" : "") + " digits in the host";
  if (n == "host hyphens") return std::to_string(b) + (b >= 5 ? "+" : "") + " hyphens in the host";
  if (n == "path depth" && b == 0) return "no path segments";
  if (n == "path depth")
    return "path " + std::to_string(b) + (b >= 10 ? "+" : "") + " segments deep";
  if (n == "query params") return std::to_string(b) + (b >= 8 ? "+" : "") + " query parameters";
  if (n == "host entropy")
    return "host character entropy about " + std::to_string(b / 2) + (b % 2 ? ".5" : "") + " bits";
  if (n == "host kind") {
    static const char* kinds[] = {"no host", "host is a name", "host is an IPv4 address",
                                  "host is an IPv6 address"};
    return b >= 0 && b < 4 ? kinds[b] : "host kind " + std::to_string(b);
  }
  if (n == "ipv4 obfuscated")
    return yes ? "IPv4 host written in decimal, hex or octal" : "no obfuscated IPv4 host";
  if (n == "punycode host") return yes ? "internationalised (xn--) host" : "no xn-- host";
  if (n == "explicit port") return yes ? "an unusual port" : "no unusual port";
  if (n == "bad port") return yes ? "an invalid port" : "no invalid port";
  if (n == "userinfo '@'") return yes ? "'@' in the address" : "no '@' in the address";
  if (n == "backslashes") return yes ? "backslashes in the address" : "no backslashes";
  if (n == "'//' in path") return yes ? "'//' inside the path" : "no '//' inside the path";
  if (n == "problem") return yes ? "a malformed part" : "well-formed";
  return n + "=" + std::to_string(b);
}

}  // namespace urlscan::detail
