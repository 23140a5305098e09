// RuleSet::match: the pre-filter's hits plus the structural and look-alike rules, less the
// brand hits on the brand's own domains.
#include <algorithm>

#include "rules/rule_set_impl.hpp"

namespace urlscan {

void RuleSet::match(std::span<const Url* const> urls, Scratch& scratch,
                    std::vector<std::vector<std::uint16_t>>& hits) const {
  prefilter(urls, scratch, hits);
  const Impl& im = *impl_;
  Scratch::Impl& s = *scratch.impl_;
  if (!s.host_cache)
    s.host_cache = std::make_unique<detail::HostCache<Impl::HostRules>>(s.host_cache_entries);
  for (std::size_t i = 0; i < urls.size(); ++i) {
    const Url& u = *urls[i];
    auto& h = hits[i];
    if (!u.userinfo.empty()) h.push_back(im.userinfo);
    im.path_rules(u, h);
    // The host's own rules, once per host: from the cache when it holds the host (names only;
    // IDN hosts, whose Unicode form the look-alike checks read, are computed each time).
    bool fresh = true;
    Impl::HostRules* c = u.host_kind == HostKind::name && !u.idn
                             ? s.host_cache->find(im.generation, u.host, fresh)
                             : nullptr;
    Impl::Registrable reg{u, c ? &c->registrable : nullptr};
    if (fresh) {
      const std::size_t before = h.size();
      im.host_rules(u, reg, s, h);
      if (c && h.size() - before > Impl::HostRules::kMax) {
        s.host_cache->drop(c);
        c = nullptr;
        reg.cached = nullptr;
      } else if (c) {
        c->n_hits = static_cast<std::uint8_t>(h.size() - before);
        std::copy(h.begin() + static_cast<std::ptrdiff_t>(before), h.end(), c->hits.begin());
      }
    } else {
      h.insert(h.end(), c->hits.begin(), c->hits.begin() + c->n_hits);
    }
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
    std::span<const std::uint16_t> official;
    if (c && c->official_known) {
      official = std::span(c->official.data(), c->n_official);
    } else {
      s.official.clear();
      im.official_brands(u.host, s.official);
      official = s.official;
      if (c && s.official.size() <= Impl::HostRules::kMax) {
        std::copy(s.official.begin(), s.official.end(), c->official.begin());
        c->n_official = static_cast<std::uint8_t>(s.official.size());
        c->official_known = true;
      }
    }
    for (std::uint16_t b : official)
      std::erase_if(h, [&](std::uint16_t r) {
        return r == b || (r >= im.lookalike_base && r < first_structural_ &&
                          (r - im.lookalike_base) / Impl::kPerBrand == b);
      });
  }
}

HostCacheCounts RuleSet::Scratch::host_cache_counts() const noexcept {
  return impl_->host_cache ? impl_->host_cache->counts() : HostCacheCounts{};
}

// The rules that read the host alone (match() caches what they find per host).
void RuleSet::Impl::host_rules(const Url& u, Registrable& reg, RuleSet::Scratch::Impl& s,
                               std::vector<std::uint16_t>& h) const {
  if (u.host_kind == HostKind::ipv4 || u.host_kind == HostKind::ipv6) h.push_back(ip_host);
  host_counting_rules(u, h);
  s.findings.clear();
  lookalikes->check(u, s.findings);
  for (const auto& f : s.findings)
    h.push_back(f.brand == LookalikeDetector::kNoBrand
                    ? (f.kind == LookalikeDetector::Kind::mixed_script ? mixed_script : reads_latin)
                    : brand_rule(f.brand, static_cast<unsigned>(f.kind)));
  if (u.host_kind == HostKind::name) embedded_official(u, reg, h);
}

// The brands whose official domains the host is, or is under.
void RuleSet::Impl::official_brands(std::string_view host, std::vector<std::uint16_t>& out) const {
  while (!host.empty()) {
    if (auto it = official.find(host); it != official.end())
      out.insert(out.end(), it->second.begin(), it->second.end());
    const std::size_t dot = host.find('.');
    if (dot == host.npos) break;
    host.remove_prefix(dot + 1);
  }
}

// Rules that count: host labels and hyphens in the host (host_counting_rules), hex digits in a
// path segment (path_rules).
void RuleSet::Impl::host_counting_rules(const Url& u, std::vector<std::uint16_t>& h) const {
  if (u.host_kind != HostKind::name) return;
  const std::string_view host = u.unicode_host();
  int dots = 0, hyphens = 0;
  for (char c : host) {
    dots += c == '.';
    hyphens += c == '-';
  }
  if (dots >= 5) h.push_back(deep_subdomains);
  if (hyphens >= 3) h.push_back(dashed_host);
}

void RuleSet::Impl::path_rules(const Url& u, std::vector<std::uint16_t>& h) const {
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

}  // namespace urlscan
