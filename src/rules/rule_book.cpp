// RuleBook: the built-in rule files plus user directories, parsed into the rule set, the
// allowlist and the blocklist.
#include <algorithm>
#include <deque>
#include <filesystem>

#include "model/builtin_model.hpp"
#include "rules/disk_cache.hpp"
#include "urlscan/rules.hpp"

namespace urlscan {

using detail::read_file;

namespace {
std::string_view embedded(std::span<const unsigned char> bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}
}  // namespace

namespace {
// What a rules directory may hold besides rule files, skipped: its documentation (README,
// README.*, *.md) and hidden entries (.git, editors' swap files, a Kubernetes volume's ..data).
// Anything else is refused, so a misspelt rule file never goes unnoticed.
bool skipped_in_rules_dir(std::string_view name) {
  return name.starts_with('.') || name == "README" || name.starts_with("README.") ||
         name.ends_with(".md");
}

constexpr const char* kRuleFileNames =
    "brands.tsv, patterns.tsv, lures.txt, allowlist.txt, software_sites.txt or blocklist.txt";

// The allowlist: the allowlist files plus the brands' official domains not marked '~'.
Status build_allowlist(std::vector<RuleText> files, const RuleSet& rules, DomainList& out) {
  files.push_back({"brands.tsv (official domains)", rules.allowlisted_domains()});
  return DomainList::parse(files, out);
}
}  // namespace

const RuleSet& RuleSet::builtin() {
  return RuleBook::builtin().rules;
}

const RuleBook& RuleBook::builtin() {
  // The embedded files are compiled by the tests (test_rules); here the Hyperscan compile waits
  // for the first match, so start-up stays fast.
  static const RuleBook book = [] {
    RuleBook b;
    (void)load_impl({}, b, false, {});
    return b;
  }();
  return book;
}

Status RuleBook::load(std::span<const std::string> dirs, RuleBook& out,
                      std::string_view cache_dir) {
  // Without user directories only the built-in files, which the tests compile (test_rules):
  // validating them pattern by pattern on every run would cost each CLI start-up.
  return load_impl(dirs, out, !dirs.empty(), cache_dir);
}

Status RuleBook::load_impl(std::span<const std::string> dirs, RuleBook& out, bool validate,
                           std::string_view cache_dir) {
  // Built-in files first, then each directory's, in order.
  std::deque<std::string> texts;  // owns the user files' bytes (a deque: views stay valid)
  std::vector<RuleText> brands{{"brands.tsv", embedded(detail::builtin_brands_bytes())}};
  std::vector<RuleText> patterns{{"patterns.tsv", embedded(detail::builtin_patterns_bytes())}};
  std::vector<RuleText> lures{{"lures.txt", embedded(detail::builtin_lures_bytes())}};
  // software_sites.txt is generated (scripts/make_software_sites.py), allowlist.txt written by
  // hand: one allowlist, two files, so a regenerated list never touches the hand-made one.
  std::vector<RuleText> allow{
      {"allowlist.txt", embedded(detail::builtin_allowlist_bytes())},
      {"software_sites.txt", embedded(detail::builtin_software_sites_bytes())}};
  std::vector<RuleText> block{{"blocklist.txt", embedded(detail::builtin_blocklist_bytes())}};
  for (const std::string& dir : dirs) {
    std::error_code ec;
    std::filesystem::directory_iterator it(dir, ec);
    if (ec) {
      return {errc::io_error, "rules directory " + dir + ": " + ec.message()};
    }
    std::vector<std::filesystem::path> files;
    for (const auto& entry : it) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    std::size_t rule_files = 0;
    for (const auto& path : files) {
      const std::string name = path.filename().string();
      std::vector<RuleText>* kind = name == "brands.tsv"           ? &brands
                                    : name == "patterns.tsv"       ? &patterns
                                    : name == "lures.txt"          ? &lures
                                    : name == "allowlist.txt"      ? &allow
                                    : name == "software_sites.txt" ? &allow
                                    : name == "blocklist.txt"      ? &block
                                                                   : nullptr;
      if (!kind) {
        if (skipped_in_rules_dir(name)) continue;
        return {errc::data_bad_line,
                path.string() + ": unknown rule file (expected " + kRuleFileNames + ")"};
      }
      ++rule_files;
      bool ok = false;
      texts.push_back(read_file(path.string(), ok));
      if (!ok) {
        return {errc::io_error, path.string() + ": cannot read"};
      }
      kind->push_back({path.string(), texts.back()});
    }
    // A directory without one (the wrong folder, an empty volume) would add nothing, silently.
    if (rule_files == 0) {
      return {errc::data_empty,
              "rules directory " + dir + ": no rule file (expected " + kRuleFileNames + ")"};
    }
  }
  RuleBook b;
  if (Status s = RuleSet::parse_impl(brands, patterns, lures, b.rules, validate, cache_dir); !s)
    return s;
  if (Status s = build_allowlist(allow, b.rules, b.allowlist); !s) return s;
  // No path lines there: a path exclusion errs towards excluding (a long or oddly encoded path
  // counts as excluded), safe for the allowlist, an escape from the blocklist.
  if (Status s = DomainList::parse(block, b.blocklist, /*path_lines=*/false); !s) return s;
  out = std::move(b);
  return {};
}

}  // namespace urlscan
