// RuleSet::parse: brand, pattern and lure files to the rules, their reasons and keys, the
// Hyperscan expressions and the cache file's name.
#include <hs/hs.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <iterator>

#include "rules/disk_cache.hpp"
#include "rules/rule_set_impl.hpp"

namespace urlscan {

RuleSet::Scratch::Scratch(std::size_t host_cache_entries)
    : impl_(std::make_unique<Impl>(host_cache_entries)) {}
RuleSet::Scratch::~Scratch() = default;
RuleSet::Scratch::Impl::~Impl() {
  hs_free_scratch(static_cast<hs_scratch_t*>(hs));
}

RuleSet::RuleSet() : impl_(std::make_unique<Impl>()) {}
RuleSet::~RuleSet() = default;
RuleSet::RuleSet(RuleSet&&) noexcept = default;
RuleSet& RuleSet::operator=(RuleSet&&) noexcept = default;

namespace {

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  while (true) {
    const std::size_t p = s.find(sep);
    out.push_back(s.substr(0, p));
    if (p == s.npos) return out;
    s.remove_prefix(p + 1);
  }
}

bool word(std::string_view s, bool dots) {
  if (s.empty()) return false;
  for (unsigned char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || (dots && c == '.')))
      return false;
  return true;
}

// Calls f(line_no, line) for each non-comment, non-blank line.
template <class F>
bool each_line(std::string_view text, F f) {
  std::size_t no = 0;
  for (std::string_view line : split(text, '\n')) {
    ++no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    if (!f(no, line)) return false;
  }
  return true;
}

}  // namespace

Status RuleSet::parse(std::span<const RuleText> brands, std::span<const RuleText> patterns,
                      std::span<const RuleText> lures, RuleSet& out, std::string_view cache_dir) {
  return parse_impl(brands, patterns, lures, out, true, cache_dir);
}

Status RuleSet::parse(std::string_view brands_tsv, std::string_view patterns_tsv, RuleSet& out,
                      std::string_view cache_dir) {
  const RuleText b[1] = {{"brands.tsv", brands_tsv}};
  const RuleText p[1] = {{"patterns.tsv", patterns_tsv}};
  return parse(b, p, {}, out, cache_dir);
}

Status RuleSet::parse_impl(std::span<const RuleText> brands, std::span<const RuleText> patterns,
                           std::span<const RuleText> lures, RuleSet& out, bool validate,
                           std::string_view cache_dir) {
  RuleSet rs;
  Impl& im = *rs.impl_;
  std::vector<std::string> names;
  std::vector<std::vector<std::string>> keywords;
  std::string failure;  // the first bad line, named
  auto fail = [&](const std::string& file, std::size_t line, const std::string& why) {
    failure = file + " line " + std::to_string(line) + ": " + why;
    return false;
  };
  for (const RuleText& file : brands) {
    const bool ok = each_line(file.text, [&](std::size_t no, std::string_view line) {
      const auto cols = split(line, '\t');
      if (cols.size() != 3 || !word(cols[0], false))
        return fail(file.name, no, "expected brand<TAB>keywords<TAB>official domains");
      const auto id = static_cast<std::uint16_t>(rs.reasons_.size());
      keywords.emplace_back();
      for (std::string_view kw : split(cols[1], ',')) {
        if (!word(kw, false)) return fail(file.name, no, "bad keyword '" + std::string(kw) + "'");
        // Plain literals (Hyperscan's fastest engines); short keywords ("ups", "ing") count
        // only as whole words, which the match loop checks.
        im.matcher.expressions.emplace_back(kw);
        im.matcher.ids.push_back(Impl::kKeywordId + static_cast<unsigned>(im.keyword_brand.size()));
        im.matcher.flags.push_back(HS_FLAG_CASELESS);
        im.keyword_brand.push_back(id);
        im.keyword_size.push_back(static_cast<std::uint8_t>(std::min<std::size_t>(kw.size(), 255)));
        keywords.back().emplace_back(kw);
      }
      for (std::string_view d : split(cols[2], ',')) {
        const bool open_to_anyone = d.starts_with('~');
        if (open_to_anyone) d.remove_prefix(1);
        if (!word(d, true) || d.find('.') == d.npos)
          return fail(file.name, no, "bad official domain '" + std::string(d) + "'");
        im.official[std::string(d)].push_back(id);
        const std::size_t bit = Impl::label_bit(d.substr(0, d.find('.')));
        im.first_label_bloom[bit >> 6] |= 1ULL << (bit & 63);
        if (!open_to_anyone) (rs.allowlisted_ += d) += '\n';
      }
      names.emplace_back(cols[0]);
      rs.reasons_.push_back("brand '" + std::string(cols[0]) + "' outside its official domains");
      rs.keys_.push_back("brand:" + std::string(cols[0]));
      return true;
    });
    if (!ok) return {errc::data_bad_line, std::move(failure)};
  }
  im.brands = rs.reasons_.size();
  for (const RuleText& file : lures) {
    const bool ok = each_line(file.text, [&](std::size_t no, std::string_view line) {
      if (!word(line, false)) return fail(file.name, no, "expected one lower-case word");
      im.lures.emplace(line);
      return true;
    });
    if (!ok) return {errc::data_bad_line, std::move(failure)};
  }
  for (const RuleText& file : patterns) {
    const bool ok = each_line(file.text, [&](std::size_t no, std::string_view line) {
      const auto cols = split(line, '\t');
      if (cols.size() < 3 || cols.size() > 4 || cols[0].empty() || cols[1].empty() ||
          cols[2].empty())
        return fail(file.name, no, "expected name<TAB>regex<TAB>reason[<TAB>scope]");
      static constexpr std::string_view kScopes[] = {"url", "host", "host_end", "path", "query"};
      std::size_t scope = 0;
      if (cols.size() == 4) {
        while (scope < std::size(kScopes) && kScopes[scope] != cols[3]) ++scope;
        if (scope == std::size(kScopes))
          return fail(file.name, no,
                      "unknown scope '" + std::string(cols[3]) +
                          "' (expected url, host, host_end, path or query)");
      }
      if (validate) {  // compile alone, so that an error names its file and line
        const std::string expr(cols[1]);
        hs_database_t* db = nullptr;
        hs_compile_error_t* err = nullptr;
        if (hs_compile(expr.c_str(), HS_FLAG_CASELESS | HS_FLAG_MULTILINE, HS_MODE_BLOCK, nullptr,
                       &db, &err) != HS_SUCCESS) {
          const std::string why = err && err->message ? err->message : "compile error";
          hs_free_compile_error(err);
          std::string msg = "bad regular expression '";
          msg += expr;
          msg += "': ";
          msg += why;
          return fail(file.name, no, msg);
        }
        hs_free_database(db);
      }
      im.matcher.expressions.emplace_back(cols[1]);
      im.scope.resize(rs.reasons_.size() + 1, Impl::url);
      im.scope[rs.reasons_.size()] = static_cast<std::uint8_t>(scope);
      im.matcher.ids.push_back(static_cast<unsigned>(rs.reasons_.size()));
      im.matcher.flags.push_back(HS_FLAG_CASELESS | HS_FLAG_MULTILINE);
      rs.reasons_.emplace_back(cols[2]);
      rs.keys_.push_back("pattern:" + std::string(cols[0]));
      return true;
    });
    if (!ok) return {errc::data_bad_line, std::move(failure)};
  }
  // Per-brand rules (their order: Impl::kPerBrand), then the structural ones.
  if (rs.reasons_.size() + Impl::kPerBrand * names.size() + 7 > 0xffff) {
    return {errc::data_bad_line, "rules: too many brands and patterns"};
  }
  im.lookalike_base = static_cast<std::uint16_t>(rs.reasons_.size());
  // (key, reason before the brand's name, reason after it), in Impl::kPerBrand order.
  static constexpr std::array<std::array<const char*, 3>, Impl::kPerBrand> kBrandRules = {{
      {"homograph:", "IDN label imitating '", "'"},
      {"swapped:", "host spells '", "' with look-alike characters"},
      {"typo:", "host misspells '", "' (a letter dropped, doubled or swapped)"},
      {"near:", "host is one letter away from '", "'"},
      {"combosquat:", "domain name joins '", "' with a lure word"},
      {"embedded:", "official domain of '", "' inside another site's host"},
  }};
  for (const std::string& b : names)
    for (const auto& [key, before, after] : kBrandRules) {
      rs.keys_.push_back(key + b);
      rs.reasons_.push_back(before + b + after);
    }
  rs.first_structural_ = static_cast<std::uint16_t>(rs.reasons_.size());
  rs.decisive_.assign(rs.reasons_.size(), 0);
  for (std::size_t b = 0; b < names.size(); ++b)
    for (unsigned kind : {0u, 1u, 2u, Impl::kCombosquat, Impl::kEmbedded})
      rs.decisive_[im.brand_rule(b, kind)] = 1;
  auto structural = [&](std::uint16_t& id, const char* key, const char* reason) {
    id = static_cast<std::uint16_t>(rs.reasons_.size());
    rs.keys_.emplace_back(key);
    rs.reasons_.emplace_back(reason);
  };
  structural(im.mixed_script, "mixed_script", "host label mixes scripts (e.g. Latin and Cyrillic)");
  structural(im.reads_latin, "reads_latin", "non-Latin host label that reads as Latin letters");
  structural(im.ip_host, "ip_host", "IP address instead of a host name");
  structural(im.userinfo, "userinfo", "'@' in the address: the text before it is not the host");
  structural(im.deep_subdomains, "deep_subdomains", "six or more host labels");
  structural(im.dashed_host, "dashed_host", "three or more hyphens in the host");
  structural(im.hash_segment, "hash_segment", "long hash-like path segment");
  im.scope.resize(rs.reasons_.size(), Impl::url);
  im.lookalikes = std::make_unique<LookalikeDetector>(keywords);
  im.keywords = std::move(keywords);

  std::uint64_t d = 0x6a09e667f3bcc908ULL;
  for (std::size_t i = 0; i < im.matcher.expressions.size(); ++i) {
    d = hash_bytes(d, im.matcher.expressions[i]);
    const unsigned meta[2] = {im.matcher.ids[i], im.matcher.flags[i]};
    d = hash_bytes(d, std::string_view(reinterpret_cast<const char*>(meta), sizeof meta));
  }
  im.matcher.expressions_digest = d;
  for (const RuleText& f : brands) d = hash_bytes(d, f.text);
  for (const RuleText& f : lures) d = hash_bytes(d, f.text);
  rs.digest_ = d;
  if (!cache_dir.empty() && !im.matcher.expressions.empty()) {
    hs_platform_info_t platform{};
    hs_populate_platform(&platform);
    std::uint64_t key = hash_bytes(im.matcher.expressions_digest, hs_version());
    key = hash_bytes(key, std::string_view(reinterpret_cast<const char*>(&platform.cpu_features),
                                           sizeof platform.cpu_features));
    char name[40];
    std::snprintf(name, sizeof name, "rules-%016llx.hs", static_cast<unsigned long long>(key));
    im.matcher.cache_path = std::string(cache_dir) + "/" + name;
  }
  out = std::move(rs);
  return {};
}

std::string RuleSetCache::file(const RuleSet& rules) {
  return rules.impl_->matcher.cache_path;
}

detail::DatabaseSource RuleSetCache::source(const RuleSet& rules) noexcept {
  return rules.impl_->matcher.source();
}

}  // namespace urlscan
