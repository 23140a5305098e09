#include "urlscan/rules.hpp"

#include <hs/hs.h>

#include <algorithm>
#include <mutex>

#include "builtin_model.hpp"
#include "urlscan/features.hpp"

namespace urlscan {

struct RuleSet::Impl {
  // Compiled on first use: start-up stays fast for runs that never match rules.
  std::vector<std::string> expressions;
  std::vector<unsigned> ids, flags;
  std::once_flag compiled;
  hs_database_t* db = nullptr;
  hs_database_t* database() {
    std::call_once(compiled, [this] {
      std::vector<const char*> exprs;
      for (const auto& e : expressions) exprs.push_back(e.c_str());
      hs_compile_error_t* err = nullptr;
      if (hs_compile_multi(exprs.data(), flags.data(), ids.data(),
                           static_cast<unsigned>(exprs.size()), HS_MODE_BLOCK, nullptr, &db,
                           &err) != HS_SUCCESS)
        db = nullptr;  // parse() already compiled these once and reported errors
      hs_free_compile_error(err);
    });
    return db;
  }
  std::size_t brands = 0;
  // Official registrable domains -> the brands they belong to.
  std::unordered_map<std::string, std::vector<std::uint16_t>> official;
  ~Impl() { hs_free_database(db); }
};

RuleSet::Scratch::Scratch() = default;
RuleSet::Scratch::~Scratch() {
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

errc RuleSet::parse(std::string_view brands_tsv, std::string_view patterns_tsv, RuleSet& out,
                    std::string* detail) {
  return parse_impl(brands_tsv, patterns_tsv, out, detail, true);
}

errc RuleSet::parse_impl(std::string_view brands_tsv, std::string_view patterns_tsv, RuleSet& out,
                         std::string* detail, bool validate) {
  RuleSet rs;
  std::vector<std::string> expressions;
  std::vector<unsigned> ids, flags;
  auto fail = [&](const char* file, std::size_t line, const std::string& why) {
    if (detail) *detail = std::string(file) + " line " + std::to_string(line) + ": " + why;
    return false;
  };
  const bool brands_ok = each_line(brands_tsv, [&](std::size_t no, std::string_view line) {
    const auto cols = split(line, '\t');
    if (cols.size() != 3 || !word(cols[0], false))
      return fail("brands.tsv", no, "expected brand<TAB>keywords<TAB>official domains");
    const auto id = static_cast<std::uint16_t>(rs.reasons_.size());
    for (std::string_view kw : split(cols[1], ',')) {
      if (!word(kw, false)) return fail("brands.tsv", no, "bad keyword '" + std::string(kw) + "'");
      // Short keywords ("ups", "ing") only as whole words; long ones anywhere.
      expressions.push_back(kw.size() >= 6 ? std::string(kw) : "\\b" + std::string(kw) + "\\b");
      ids.push_back(id);
      flags.push_back(HS_FLAG_CASELESS);
    }
    for (std::string_view d : split(cols[2], ',')) {
      if (!word(d, true) || d.find('.') == d.npos)
        return fail("brands.tsv", no, "bad official domain '" + std::string(d) + "'");
      rs.impl_->official[std::string(d)].push_back(id);
    }
    rs.reasons_.push_back("brand '" + std::string(cols[0]) + "' outside its official domains");
    rs.keys_.push_back("brand:" + std::string(cols[0]));
    return true;
  });
  if (!brands_ok) return errc::data_bad_line;
  rs.impl_->brands = rs.reasons_.size();
  const bool patterns_ok = each_line(patterns_tsv, [&](std::size_t no, std::string_view line) {
    const auto cols = split(line, '\t');
    if (cols.size() != 3 || cols[0].empty() || cols[1].empty() || cols[2].empty())
      return fail("patterns.tsv", no, "expected name<TAB>regex<TAB>description");
    expressions.emplace_back(cols[1]);
    ids.push_back(static_cast<unsigned>(rs.reasons_.size()));
    flags.push_back(HS_FLAG_CASELESS | HS_FLAG_MULTILINE);
    rs.reasons_.emplace_back(cols[2]);
    rs.keys_.push_back("pattern:" + std::string(cols[0]));
    return true;
  });
  if (!patterns_ok) return errc::data_bad_line;
  if (expressions.empty()) {
    out = std::move(rs);
    return errc::ok;
  }
  std::vector<const char*> exprs;
  for (const auto& e : expressions) exprs.push_back(e.c_str());
  hs_compile_error_t* err = nullptr;
  if (validate &&
      hs_compile_multi(exprs.data(), flags.data(), ids.data(), static_cast<unsigned>(exprs.size()),
                       HS_MODE_BLOCK, nullptr, &rs.impl_->db, &err) != HS_SUCCESS) {
    if (detail) {
      const int bad = err ? err->expression : -1;
      *detail = std::string("rules: ") + (err && err->message ? err->message : "compile error") +
                (bad >= 0 ? " in '" + expressions[static_cast<std::size_t>(bad)] + "'" : "");
    }
    hs_free_compile_error(err);
    return errc::data_bad_line;
  }
  // Validated; the database itself is rebuilt on first use (see Impl::database).
  hs_free_database(rs.impl_->db);
  rs.impl_->db = nullptr;
  rs.impl_->expressions = std::move(expressions);
  rs.impl_->ids = std::move(ids);
  rs.impl_->flags = std::move(flags);
  rs.digest_ = hash_bytes(hash_bytes(0, brands_tsv), patterns_tsv);
  out = std::move(rs);
  return errc::ok;
}

const RuleSet& RuleSet::builtin() {
  static const RuleSet rules = [] {
    RuleSet r;
    // The embedded files are compiled by the tests (test_rules); here the Hyperscan compile
    // waits for the first match, so start-up stays fast for scans that never need rules.
    auto b = detail::builtin_brands_bytes();
    auto p = detail::builtin_patterns_bytes();
    (void)parse_impl(std::string_view(reinterpret_cast<const char*>(b.data()), b.size()),
                     std::string_view(reinterpret_cast<const char*>(p.data()), p.size()), r,
                     nullptr, false);
    return r;
  }();
  return rules;
}

void RuleSet::match(std::span<const Url* const> urls, Scratch& s,
                    std::vector<std::vector<std::uint16_t>>& hits) const {
  hits.resize(urls.size());
  for (auto& h : hits) h.clear();
  if (impl_->expressions.empty() || urls.empty()) return;
  hs_database_t* db = impl_->database();
  if (!db) return;
  auto* scratch = static_cast<hs_scratch_t*>(s.hs);
  if (hs_alloc_scratch(db, &scratch) != HS_SUCCESS) return;
  s.hs = scratch;
  // One text for the batch: host/path?query per URL, newline-separated (^ and $ anchor there).
  s.text.clear();
  s.starts.clear();
  for (const Url* u : urls) {
    s.starts.push_back(static_cast<std::uint32_t>(s.text.size()));
    const std::size_t at = s.text.size();
    s.text += u->host;
    s.text.append(u->path.substr(0, 1024));
    if (!u->query.empty()) {
      s.text += '?';
      s.text.append(u->query.substr(0, 512));
    }
    std::replace(s.text.begin() + static_cast<std::ptrdiff_t>(at), s.text.end(), '\n', ' ');
    s.text += '\n';
  }
  s.raw.clear();
  auto on_match = [](unsigned id, unsigned long long, unsigned long long to, unsigned,
                     void* ctx) -> int {
    static_cast<Scratch*>(ctx)->raw.emplace_back(id, static_cast<std::uint32_t>(to));
    return 0;
  };
  hs_scan(db, s.text.data(), static_cast<unsigned>(s.text.size()), 0, scratch, on_match, &s);
  for (const auto& [id, to] : s.raw) {
    const std::size_t i = static_cast<std::size_t>(
        std::upper_bound(s.starts.begin(), s.starts.end(), to > 0 ? to - 1 : 0) - s.starts.begin() -
        1);
    hits[i].push_back(static_cast<std::uint16_t>(id));
  }
  for (std::size_t i = 0; i < urls.size(); ++i) {
    auto& h = hits[i];
    if (h.empty()) continue;
    std::sort(h.begin(), h.end());
    h.erase(std::unique(h.begin(), h.end()), h.end());
    // A brand keyword on one of the brand's own domains is no hit.
    std::string_view host = urls[i]->host;
    while (!host.empty() && h.front() < impl_->brands) {
      if (auto it = impl_->official.find(std::string(host)); it != impl_->official.end())
        for (std::uint16_t b : it->second) std::erase(h, b);
      const std::size_t dot = host.find('.');
      if (dot == host.npos) break;
      host.remove_prefix(dot + 1);
    }
  }
}

}  // namespace urlscan
