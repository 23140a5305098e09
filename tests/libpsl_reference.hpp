// libpsl's own answers for registrable_domain() and platform_domain(), computed as domain.cpp
// computed them before the fast table (src/domain/psl_table.hpp): the reference its tests
// compare with (tests/test_domain.cpp round every rule, tests/test_data.cpp on every host).
#pragma once

#include <libpsl.h>

#include <algorithm>
#include <string>

namespace urlscan::test {

inline bool ip_or_bracketed(const std::string& host) {
  return host.empty() || host.front() == '[' || std::all_of(host.begin(), host.end(), [](char c) {
           return (c >= '0' && c <= '9') || c == '.';
         });
}

inline std::string libpsl_registrable(const std::string& host) {
  if (ip_or_bracketed(host)) return "";
  const char* r = psl_registrable_domain(psl_builtin(), host.c_str());
  return r ? r : "";
}

inline std::string libpsl_platform(const std::string& host) {
  if (ip_or_bracketed(host)) return host;
  std::size_t label_start = 0;
  for (std::size_t dot = host.find('.'); dot != std::string::npos; dot = host.find('.', dot + 1)) {
    if (psl_is_public_suffix2(psl_builtin(), host.c_str() + dot + 1,
                              PSL_TYPE_ICANN | PSL_TYPE_NO_STAR_RULE))
      return host.substr(label_start);
    label_start = dot + 1;
  }
  return host;
}

}  // namespace urlscan::test
