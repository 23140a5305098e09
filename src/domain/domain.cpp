#include "urlscan/domain.hpp"

#include <libpsl.h>

#include <algorithm>

namespace urlscan {

std::string_view registrable_domain(const std::string& host) {
  if (host.empty() || host.front() == '[') return {};
  // IPv4 literals (normalised to dotted quads by parse_url) have no registrable domain.
  if (std::all_of(host.begin(), host.end(),
                  [](char c) { return (c >= '0' && c <= '9') || c == '.'; }))
    return {};
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
