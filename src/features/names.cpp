// Names of the feature families and shapes (explanations, tests) and the spec's range check.
#include <array>

#include "urlscan/features.hpp"

namespace urlscan {

std::string_view family_name(FeatureFamily f) noexcept {
  switch (f) {
    case FeatureFamily::host_ngram:
      return "host n-gram";
    case FeatureFamily::path_ngram:
      return "path n-gram";
    case FeatureFamily::query_ngram:
      return "query n-gram";
    case FeatureFamily::host_label:
      return "host label";
    case FeatureFamily::tld:
      return "top-level domain";
    case FeatureFamily::domain:
      return "domain";
    case FeatureFamily::path_token:
      return "path word";
    case FeatureFamily::extension:
      return "file extension";
    case FeatureFamily::query_key:
      return "query parameter";
    case FeatureFamily::lexical:
      return "shape";
    case FeatureFamily::shape_pair:
      return "shape pair";
    case FeatureFamily::scheme:
      return "scheme";
    case FeatureFamily::rule:
      return "rule hit";
    case FeatureFamily::count_:
      break;
  }
  return "?";
}

namespace {
constexpr std::array<std::string_view, kShapeCount> kShapeNames = {
    "URL length",         "host length",
    "path length",        "query length",
    "host labels",        "host digits",
    "host hyphens",       "host entropy",
    "longest host label", "top-level domain length",
    "host kind",          "'www' prefix",
    "path depth",         "path digits",
    "path dots",          "path hyphens",
    "path underscores",   "path uppercase",
    "path words",         "last path segment length",
    "query parameters",   "percent escapes",
    "bare homepage",      "'@' userinfo",
    "'//' in path",       "explicit port",
    "punycode host",      "platform user label",
    "subdomain depth",    "site label length",
    "name naturalness"};
}  // namespace

std::string_view shape_name(std::size_t i) noexcept {
  return i < kShapeNames.size() ? kShapeNames[i] : std::string_view("?");
}

bool FeatureSpec::valid() const noexcept {
  auto range_ok = [](int lo, int hi) { return lo >= 1 && lo <= hi && hi <= 8; };
  return hash_bits >= 10 && hash_bits <= 24 && range_ok(host_ngram_min, host_ngram_max) &&
         range_ok(path_ngram_min, path_ngram_max) && range_ok(query_ngram_min, query_ngram_max) &&
         max_part_len >= 16 && max_part_len <= kMaxPartLen;
}

}  // namespace urlscan
