// Brand heuristics after the pre-filter: combosquats and official domains embedded in another
// site's host.
#include <algorithm>

#include "rules/rule_set_impl.hpp"

namespace urlscan {

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

}  // namespace urlscan
