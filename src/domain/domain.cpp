#include "urlscan/domain.hpp"

#include <libpsl.h>

#include <algorithm>

#include "domain/psl_table.hpp"

namespace urlscan {
namespace {

using detail::PslTable;

std::size_t labels_in(std::string_view d) {
  return 1 + static_cast<std::size_t>(std::count(d.begin(), d.end(), '.'));
}

}  // namespace

std::string_view registrable_domain(const std::string& host) {
  if (host.empty() || host.front() == '[') return {};
  // IPv4 literals (normalised to dotted quads by parse_url) have no registrable domain.
  if (std::all_of(host.begin(), host.end(),
                  [](char c) { return (c >= '0' && c <= '9') || c == '.'; }))
    return {};
  if (const PslTable* t = PslTable::get(); t && PslTable::handles(host)) {
    // libpsl's loop: the registrable domain is the label before the first suffix, from the left,
    // that is public (a suffix of more labels than max_labels() never is).
    std::string_view d = host, reg;
    for (std::size_t labels = labels_in(d);; --labels) {
      if (labels <= t->max_labels() && t->is_public_suffix(d, PslTable::Type::any, false)) break;
      const std::size_t dot = d.find('.');
      if (dot == std::string_view::npos) break;
      reg = d;
      d.remove_prefix(dot + 1);
    }
    return reg;
  }
  const char* r = psl_registrable_domain(psl_builtin(), host.c_str());
  if (!r) return {};
  return std::string_view(host).substr(static_cast<std::size_t>(r - host.c_str()));
}

std::string_view platform_domain(const std::string& host) {
  if (host.empty() || host.front() == '[' || std::all_of(host.begin(), host.end(), [](char c) {
        return (c >= '0' && c <= '9') || c == '.';
      }))
    return host;
  // Scanning from the left finds the longest ICANN suffix first; the platform is it plus the
  // label before it.
  if (const PslTable* t = PslTable::get(); t && PslTable::handles(host)) {
    const std::string_view h = host;
    std::size_t label_start = 0, labels = labels_in(h);
    for (std::size_t dot = h.find('.'); dot != std::string_view::npos; dot = h.find('.', dot + 1)) {
      if (--labels <= t->max_labels() &&
          t->is_public_suffix(h.substr(dot + 1), PslTable::Type::icann, true))
        return h.substr(label_start);
      label_start = dot + 1;
    }
    return host;
  }
  std::size_t label_start = 0;
  for (std::size_t dot = host.find('.'); dot != std::string::npos; dot = host.find('.', dot + 1)) {
    if (psl_is_public_suffix2(psl_builtin(), host.c_str() + dot + 1,
                              PSL_TYPE_ICANN | PSL_TYPE_NO_STAR_RULE))
      return std::string_view(host).substr(label_start);
    label_start = dot + 1;
  }
  return host;
}

int subdomain_depth(const std::string& host) {
  const std::string_view reg = registrable_domain(host);
  if (reg.empty()) return -1;
  const std::string_view sub = std::string_view(host).substr(0, host.size() - reg.size());
  return static_cast<int>(std::count(sub.begin(), sub.end(), '.'));
}

}  // namespace urlscan
