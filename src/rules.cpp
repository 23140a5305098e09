#include "urlscan/rules.hpp"

#include <hs/hs.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

#include "builtin_model.hpp"
#include "urlscan/domain.hpp"
#include "urlscan/features.hpp"

namespace urlscan {

namespace {

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return hash_bytes(0, s); }
};

std::string cache_dir() {
  if (const char* d = std::getenv("URLSCAN_CACHE_DIR")) return std::string(d) == "off" ? "" : d;
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) return std::string(x) + "/urlscan";
  if (const char* h = std::getenv("HOME"); h && *h) return std::string(h) + "/.cache/urlscan";
  return {};
}

std::string read_file(const std::string& path, bool& ok) {
  std::ifstream in(path, std::ios::binary);
  ok = static_cast<bool>(in);
  return ok ? std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>())
            : std::string();
}

// Written to a temporary name and renamed: a reader never sees half a file.
void write_atomically(const std::string& path, const char* data, std::size_t size) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return;
    out.write(data, static_cast<std::streamsize>(size));
    if (!out.flush()) {
      std::filesystem::remove(tmp, ec);
      return;
    }
  }
  std::filesystem::rename(tmp, path, ec);
  if (ec) std::filesystem::remove(tmp, ec);
}

}  // namespace

struct RuleSet::Impl {
  std::vector<std::string> expressions;
  std::vector<unsigned> ids, flags;
  std::uint64_t expressions_digest = 0;
  std::size_t brands = 0;
  // Official registrable domains -> the brands they belong to.
  std::unordered_map<std::string, std::vector<std::uint16_t>, StringHash, std::equal_to<>> official;
  std::vector<std::vector<std::string>> keywords;  // per brand
  // Hyperscan ids from kKeywordId on are brand keywords (index into these); below, rule ids.
  static constexpr unsigned kKeywordId = 0x10000;
  static constexpr std::size_t kWholeWordBelow = 6;  // shorter keywords match whole words only
  std::vector<std::uint16_t> keyword_brand;
  std::vector<std::uint8_t> keyword_size;
  std::unordered_set<std::string, StringHash, std::equal_to<>> lures;
  std::unique_ptr<LookalikeDetector> lookalikes;
  // Per-brand rules, kPerBrand each from lookalike_base: LookalikeDetector's four brand kinds,
  // then combosquat and embedded official domain.
  static constexpr unsigned kPerBrand = 6, kCombosquat = 4, kEmbedded = 5;
  std::uint16_t lookalike_base = 0, mixed_script = 0, reads_latin = 0, ip_host = 0, userinfo = 0;
  std::uint16_t deep_subdomains = 0, dashed_host = 0, hash_segment = 0;
  // Where a pattern's match counts (patterns.tsv's scope column), by rule id.
  enum Scope : std::uint8_t { url, host, host_end, path, query };
  std::vector<std::uint8_t> scope;
  void counting_rules(const Url& u, std::vector<std::uint16_t>& h) const;
  std::uint16_t brand_rule(std::size_t brand, unsigned kind) const {
    return static_cast<std::uint16_t>(lookalike_base + kPerBrand * brand + kind);
  }
  // The URL's registrable domain (libpsl, about 0.5 us), looked up at most once per URL.
  struct Registrable {
    const Url& url;
    bool known = false;
    std::string_view domain;
    std::string_view get() {
      if (!known) domain = registrable_domain(url.host);
      known = true;
      return domain;
    }
  };
  void combosquats(const Url& u, Registrable& reg, std::vector<std::uint16_t>& h) const;
  void embedded_official(const Url& u, Registrable& reg, std::vector<std::uint16_t>& h) const;
  // Bloom bits of the official domains' first labels: most hosts' labels miss it, which spares
  // embedded_official its map lookups.
  std::uint64_t first_label_bloom[64] = {};
  static std::size_t label_bit(std::string_view label) {
    std::uint32_t x = 2166136261u;
    for (char c : label) x = (x ^ static_cast<unsigned char>(c)) * 16777619u;
    return x >> 20;  // 12 bits
  }

  // Compiled (or loaded from the cache) on first use: start-up stays fast for runs that never
  // match rules.
  std::once_flag compiled;
  hs_database_t* db = nullptr;
  std::atomic<DatabaseSource> source{DatabaseSource::none};
  std::string cache_path;

  hs_database_t* database() {
    std::call_once(compiled, [this] {
      if (!cache_path.empty()) {
        bool ok = false;
        const std::string bytes = read_file(cache_path, ok);
        // Hyperscan checks the serialised database's header, platform and checksum.
        if (ok && hs_deserialize_database(bytes.data(), bytes.size(), &db) == HS_SUCCESS) {
          source = DatabaseSource::cache;
          return;
        }
        db = nullptr;
      }
      std::vector<const char*> exprs;
      for (const auto& e : expressions) exprs.push_back(e.c_str());
      hs_compile_error_t* err = nullptr;
      if (hs_compile_multi(exprs.data(), flags.data(), ids.data(),
                           static_cast<unsigned>(exprs.size()), HS_MODE_BLOCK, nullptr, &db,
                           &err) != HS_SUCCESS) {
        db = nullptr;  // parse() already compiled these once and reported errors
        hs_free_compile_error(err);
        return;
      }
      source = DatabaseSource::compiled;
      char* bytes = nullptr;
      std::size_t size = 0;
      if (!cache_path.empty() && hs_serialize_database(db, &bytes, &size) == HS_SUCCESS) {
        write_atomically(cache_path, bytes, size);
        std::free(bytes);  // hs_serialize_database allocates with the default (malloc) allocator
      }
    });
    return db;
  }
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

errc RuleSet::parse(std::span<const RuleText> brands, std::span<const RuleText> patterns,
                    std::span<const RuleText> lures, RuleSet& out, std::string* detail) {
  return parse_impl(brands, patterns, lures, out, detail, true);
}

errc RuleSet::parse(std::string_view brands_tsv, std::string_view patterns_tsv, RuleSet& out,
                    std::string* detail) {
  const RuleText b[1] = {{"brands.tsv", brands_tsv}};
  const RuleText p[1] = {{"patterns.tsv", patterns_tsv}};
  return parse(b, p, {}, out, detail);
}

errc RuleSet::parse_impl(std::span<const RuleText> brands, std::span<const RuleText> patterns,
                         std::span<const RuleText> lures, RuleSet& out, std::string* detail,
                         bool validate) {
  RuleSet rs;
  Impl& im = *rs.impl_;
  std::vector<std::string> names;
  std::vector<std::vector<std::string>> keywords;
  auto fail = [&](const std::string& file, std::size_t line, const std::string& why) {
    if (detail) *detail = file + " line " + std::to_string(line) + ": " + why;
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
        im.expressions.emplace_back(kw);
        im.ids.push_back(Impl::kKeywordId + static_cast<unsigned>(im.keyword_brand.size()));
        im.flags.push_back(HS_FLAG_CASELESS);
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
    if (!ok) return errc::data_bad_line;
  }
  im.brands = rs.reasons_.size();
  for (const RuleText& file : lures) {
    const bool ok = each_line(file.text, [&](std::size_t no, std::string_view line) {
      if (!word(line, false)) return fail(file.name, no, "expected one lower-case word");
      im.lures.emplace(line);
      return true;
    });
    if (!ok) return errc::data_bad_line;
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
      im.expressions.emplace_back(cols[1]);
      im.scope.resize(rs.reasons_.size() + 1, Impl::url);
      im.scope[rs.reasons_.size()] = static_cast<std::uint8_t>(scope);
      im.ids.push_back(static_cast<unsigned>(rs.reasons_.size()));
      im.flags.push_back(HS_FLAG_CASELESS | HS_FLAG_MULTILINE);
      rs.reasons_.emplace_back(cols[2]);
      rs.keys_.push_back("pattern:" + std::string(cols[0]));
      return true;
    });
    if (!ok) return errc::data_bad_line;
  }
  // Per-brand rules (their order: Impl::kPerBrand), then the structural ones.
  if (rs.reasons_.size() + Impl::kPerBrand * names.size() + 7 > 0xffff) {
    if (detail) *detail = "rules: too many brands and patterns";
    return errc::data_bad_line;
  }
  rs.first_lookalike_ = im.lookalike_base = static_cast<std::uint16_t>(rs.reasons_.size());
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
  for (std::size_t i = 0; i < im.expressions.size(); ++i) {
    d = hash_bytes(d, im.expressions[i]);
    const unsigned meta[2] = {im.ids[i], im.flags[i]};
    d = hash_bytes(d, std::string_view(reinterpret_cast<const char*>(meta), sizeof meta));
  }
  im.expressions_digest = d;
  for (const RuleText& f : brands) d = hash_bytes(d, f.text);
  for (const RuleText& f : lures) d = hash_bytes(d, f.text);
  rs.digest_ = d;
  if (const std::string dir = cache_dir(); !dir.empty() && !im.expressions.empty()) {
    hs_platform_info_t platform{};
    hs_populate_platform(&platform);
    std::uint64_t key = hash_bytes(im.expressions_digest, hs_version());
    key = hash_bytes(key, std::string_view(reinterpret_cast<const char*>(&platform.cpu_features),
                                           sizeof platform.cpu_features));
    char name[40];
    std::snprintf(name, sizeof name, "rules-%016llx.hs", static_cast<unsigned long long>(key));
    im.cache_path = dir + "/" + name;
  }
  out = std::move(rs);
  return errc::ok;
}

std::string RuleSet::cache_file() const {
  return impl_->cache_path;
}

RuleSet::DatabaseSource RuleSet::database_source() const noexcept {
  return impl_->source;
}

const RuleSet& RuleSet::builtin() {
  return RuleBook::builtin().rules;
}

void RuleSet::prefilter(std::span<const Url* const> urls, Scratch& s,
                        std::vector<std::vector<std::uint16_t>>& hits) const {
  hits.resize(urls.size());
  for (auto& h : hits) h.clear();
  if (urls.empty()) return;
  Impl& im = *impl_;
  if (hs_database_t* db = im.expressions.empty() ? nullptr : im.database()) {
    auto* scratch = static_cast<hs_scratch_t*>(s.hs);
    // hs_alloc_scratch re-checks a scratch against the database on every call (microseconds):
    // only when this scratch has not served this database yet.
    if (s.hs_db == db || hs_alloc_scratch(db, &scratch) == HS_SUCCESS) {
      s.hs = scratch;
      s.hs_db = db;
      // One text for the batch: host/path?query per URL, newline-separated (^ and $ anchor
      // there). The host as a person reads it: IDN labels decoded.
      s.text.clear();
      s.starts.clear();
      s.host_ends.clear();
      s.path_ends.clear();
      for (const Url* u : urls) {
        s.starts.push_back(static_cast<std::uint32_t>(s.text.size()));
        const std::size_t at = s.text.size();
        s.text += u->unicode_host();
        s.host_ends.push_back(static_cast<std::uint32_t>(s.text.size()));
        s.text.append(u->path.substr(0, 1024));
        s.path_ends.push_back(static_cast<std::uint32_t>(s.text.size()));
        if (!u->query.empty()) {
          s.text += '?';
          s.text.append(u->query.substr(0, 512));
        }
        // A newline inside a record would split it (only a percent-decoded host can hold one:
        // readers never pass control characters): memchr first, the rare fix-up after.
        if (std::memchr(s.text.data() + at, '\n', s.text.size() - at))
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
      auto word_char = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_';
      };
      for (const auto& [id, to] : s.raw) {
        std::uint16_t rule = static_cast<std::uint16_t>(id);
        if (id >= Impl::kKeywordId) {
          const std::size_t k = id - Impl::kKeywordId, size = im.keyword_size[k];
          if (size < Impl::kWholeWordBelow && ((to > size && word_char(s.text[to - size - 1])) ||
                                               (to < s.text.size() && word_char(s.text[to]))))
            continue;
          rule = im.keyword_brand[k];
        }
        const auto i = static_cast<std::size_t>(
            std::upper_bound(s.starts.begin(), s.starts.end(), to > 0 ? to - 1 : 0) -
            s.starts.begin() - 1);
        const std::uint32_t end = static_cast<std::uint32_t>(to);
        bool counts = true;
        switch (rule < im.scope.size() ? im.scope[rule] : std::uint8_t{Impl::url}) {
          case Impl::host:
            counts = end <= s.host_ends[i];
            break;
          case Impl::host_end:
            counts = end == s.host_ends[i];
            break;
          case Impl::path:
            counts = end > s.host_ends[i] && end <= s.path_ends[i];
            break;
          case Impl::query:
            counts = end > s.path_ends[i];
            break;
          default:
            break;
        }
        if (counts) hits[i].push_back(rule);
      }
    }
  }
}

void RuleSet::match(std::span<const Url* const> urls, Scratch& s,
                    std::vector<std::vector<std::uint16_t>>& hits) const {
  prefilter(urls, s, hits);
  const Impl& im = *impl_;
  for (std::size_t i = 0; i < urls.size(); ++i) {
    const Url& u = *urls[i];
    auto& h = hits[i];
    if (u.host_kind == HostKind::ipv4 || u.host_kind == HostKind::ipv6) h.push_back(im.ip_host);
    if (!u.userinfo.empty()) h.push_back(im.userinfo);
    im.counting_rules(u, h);
    s.findings.clear();
    im.lookalikes->check(u, s.findings);
    for (const auto& f : s.findings)
      h.push_back(
          f.brand == LookalikeDetector::kNoBrand
              ? (f.kind == LookalikeDetector::Kind::mixed_script ? im.mixed_script : im.reads_latin)
              : im.brand_rule(f.brand, static_cast<unsigned>(f.kind)));
    Impl::Registrable reg{u};
    if (u.host_kind == HostKind::name) im.embedded_official(u, reg, h);
    if (h.empty()) continue;
    std::sort(h.begin(), h.end());
    h.erase(std::unique(h.begin(), h.end()), h.end());
    if (h.front() < im.brands) im.combosquats(u, reg, h);  // a brand keyword fired
    // A brand's keyword or look-alike on one of the brand's own domains is no hit (patterns,
    // between the two id ranges, are not about brands).
    const bool brand_hit = std::any_of(h.begin(), h.end(), [&](std::uint16_t r) {
      return r < im.brands || (r >= im.lookalike_base && r < first_structural_);
    });
    if (!brand_hit) continue;
    s.official.clear();
    for (std::string_view host = u.host; !host.empty();) {
      if (auto it = im.official.find(host); it != im.official.end())
        s.official.insert(s.official.end(), it->second.begin(), it->second.end());
      const std::size_t dot = host.find('.');
      if (dot == host.npos) break;
      host.remove_prefix(dot + 1);
    }
    for (std::uint16_t b : s.official)
      std::erase_if(h, [&](std::uint16_t r) {
        return r == b || (r >= im.lookalike_base && r < first_structural_ &&
                          (r - im.lookalike_base) / Impl::kPerBrand == b);
      });
  }
}

// Rules that count: host labels, hyphens in the host, hex digits in a path segment.
void RuleSet::Impl::counting_rules(const Url& u, std::vector<std::uint16_t>& h) const {
  if (u.host_kind == HostKind::name) {
    const std::string_view host = u.unicode_host();
    int dots = 0, hyphens = 0;
    for (char c : host) {
      dots += c == '.';
      hyphens += c == '-';
    }
    if (dots >= 5) h.push_back(deep_subdomains);
    if (hyphens >= 3) h.push_back(dashed_host);
  }
  // A segment of 24+ hex digits after a '/', ending at '/', '.' or the path's end. Segments
  // are found with memchr; only those long enough are looked at.
  const std::string_view path = u.path;
  for (std::size_t pos = path.find('/'); pos != path.npos;) {
    const std::size_t next = path.find('/', pos + 1);
    const std::size_t end = next == path.npos ? path.size() : next;
    if (end - pos > 24) {
      std::size_t n = pos + 1;
      auto hex = [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      };
      while (n < end && hex(path[n])) ++n;
      if (n - pos - 1 >= 24 && (n == end || path[n] == '.')) {
        h.push_back(hash_segment);
        return;
      }
    }
    pos = next;
  }
}

// A brand keyword in the registrable domain's name together with a lure word: "paypal-login",
// "dhlparcel", "secure-chase-online". Hosts are checked only after Hyperscan found a keyword.
void RuleSet::Impl::combosquats(const Url& u, Registrable& registrable,
                                std::vector<std::uint16_t>& h) const {
  if (u.host_kind != HostKind::name) return;
  // The Public Suffix List lookup is the slow part: only for hosts that hold a keyword.
  bool in_host = false;
  for (std::size_t k = 0; k < h.size() && h[k] < brands && !in_host; ++k)
    for (const std::string& kw : keywords[h[k]]) in_host |= u.host.find(kw) != u.host.npos;
  if (!in_host) return;
  const std::string_view reg = registrable.get();
  const std::string_view name = reg.substr(0, reg.find('.'));
  if (name.empty()) return;
  const std::size_t n = h.size();
  for (std::size_t k = 0; k < n && h[k] < brands; ++k) {
    const std::size_t b = h[k];
    for (const std::string& kw : keywords[b]) {
      const std::size_t at = name.find(kw);
      if (at == name.npos) continue;
      // The rest of the name, without the keyword, as hyphen-separated words.
      std::string rest(name.substr(0, at));
      rest += '-';
      rest.append(name.substr(at + kw.size()));
      bool lure = false;
      for (std::size_t p = 0; p <= rest.size() && !lure;) {
        const std::size_t q = std::min(rest.find('-', p), rest.size());
        const std::string_view w(rest.data() + p, q - p);
        lure = lures.contains(w);
        // Words glued to the brand ("paypalsecure"): a lure word of 5+ letters at either end.
        for (std::size_t len = 5; !lure && len < w.size(); ++len)
          lure = lures.contains(w.substr(0, len)) || lures.contains(w.substr(w.size() - len));
        p = q + 1;
      }
      if (lure) {
        h.push_back(brand_rule(b, kCombosquat));
        break;
      }
    }
  }
  std::sort(h.begin(), h.end());
}

// An official domain followed by more labels of another site: paypal.com.verify-account.info.
// Country variants ("google.com.mx", whose registrable domain starts with the brand's label)
// are the brand's own.
void RuleSet::Impl::embedded_official(const Url& u, Registrable& registrable,
                                      std::vector<std::uint16_t>& h) const {
  const std::string_view host = u.host;
  std::size_t dots = static_cast<std::size_t>(std::count(host.begin(), host.end(), '.'));
  if (dots < 2) return;
  for (std::size_t start = 0; start < host.size();) {
    const std::size_t first_dot = host.find('.', start);
    if (first_dot == host.npos) break;
    if (const std::size_t bit = label_bit(host.substr(start, first_dot - start));
        !(first_label_bloom[bit >> 6] >> (bit & 63) & 1)) {
      start = first_dot + 1;
      continue;
    }
    // Candidates of two and three labels from `start`, each followed by at least one more label.
    std::size_t end = start;
    for (int labels = 1; labels <= 3; ++labels) {
      end = host.find('.', end == start ? start : end + 1);
      if (end == host.npos) break;
      if (labels < 2) continue;
      const auto it = official.find(host.substr(start, end - start));
      if (it == official.end()) continue;
      const std::string_view reg = registrable.get();
      const std::string_view first_label = host.substr(start, host.find('.', start) - start);
      if (reg.starts_with(first_label) && reg.size() > first_label.size() &&
          reg[first_label.size()] == '.')
        continue;
      for (std::uint16_t b : it->second) h.push_back(brand_rule(b, kEmbedded));
    }
    const std::size_t dot = host.find('.', start);
    if (dot == host.npos) break;
    start = dot + 1;
  }
}

namespace {
std::string_view embedded(std::span<const unsigned char> bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}
}  // namespace

namespace {
// The allowlist: the allowlist files plus the brands' official domains not marked '~'.
errc build_allowlist(std::vector<RuleText> files, const RuleSet& rules, DomainList& out,
                     std::string* detail) {
  files.push_back({"brands.tsv (official domains)", rules.allowlisted_domains()});
  return DomainList::parse(files, out, detail);
}
}  // namespace

const RuleBook& RuleBook::builtin() {
  // The embedded files are compiled by the tests (test_rules); here the Hyperscan compile waits
  // for the first match, so start-up stays fast.
  static const RuleBook book = [] {
    RuleBook b;
    (void)load_impl({}, b, nullptr, false);
    return b;
  }();
  return book;
}

errc RuleBook::load(std::span<const std::string> dirs, RuleBook& out, std::string* detail) {
  return load_impl(dirs, out, detail, true);
}

errc RuleBook::load_impl(std::span<const std::string> dirs, RuleBook& out, std::string* detail,
                         bool validate) {
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
      if (detail) *detail = "rules directory " + dir + ": " + ec.message();
      return errc::io_error;
    }
    std::vector<std::filesystem::path> files;
    for (const auto& entry : it) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
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
        if (name.starts_with(".") || name.starts_with("README")) continue;
        if (detail)
          *detail = path.string() +
                    ": unknown rule file (expected brands.tsv, patterns.tsv, lures.txt, "
                    "allowlist.txt, software_sites.txt or blocklist.txt)";
        return errc::data_bad_line;
      }
      bool ok = false;
      texts.push_back(read_file(path.string(), ok));
      if (!ok) {
        if (detail) *detail = path.string() + ": cannot read";
        return errc::io_error;
      }
      kind->push_back({path.string(), texts.back()});
    }
  }
  RuleBook b;
  if (errc e = RuleSet::parse_impl(brands, patterns, lures, b.rules, detail, validate);
      e != errc::ok)
    return e;
  if (errc e = build_allowlist(allow, b.rules, b.allowlist, detail); e != errc::ok) return e;
  if (errc e = DomainList::parse(block, b.blocklist, detail); e != errc::ok) return e;
  out = std::move(b);
  return errc::ok;
}

}  // namespace urlscan
