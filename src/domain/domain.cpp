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

int subdomain_depth(const std::string& host) {
  const std::string_view reg = registrable_domain(host);
  if (reg.empty()) return -1;
  const std::string_view sub = std::string_view(host).substr(0, host.size() - reg.size());
  return static_cast<int>(std::count(sub.begin(), sub.end(), '.'));
}

}  // namespace urlscan
