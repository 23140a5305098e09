// RuleSet::match: the pre-filter's hits plus the structural and look-alike rules, less the
// brand hits on the brand's own domains.
#include <algorithm>

#include "rules/rule_set_impl.hpp"

namespace urlscan {

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

}  // namespace urlscan
