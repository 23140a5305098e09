// The host's place under the Public Suffix List, for the trees' platform inputs (issue 17): is
// the host a user's label under a private suffix (a platform where anyone publishes: github.io,
// duckdns.org, blogspot.com), how many labels sit above its registrable domain, and how long
// its registrable label is. Read from the PSL's ASCII rules in the compile-time table
// (src/domain/psl_table.hpp, PslTable::embedded()): libpsl costs ~0.4-0.7 us a lookup, this ~10 ns
// a host. Exception rules are left out (a feature, not libpsl's answer).
#pragma once

#include <string_view>

namespace urlscan::detail {

struct HostSuffix {
  int private_suffix = 0;  // 1: a label under a PSL private suffix
  int depth = 0;           // labels before the registrable label; -1: the host is a suffix
  int label = 0;           // the registrable label's length (0 when the host is a suffix)
  // How natural the registrable label reads: the mean log-probability per symbol under a
  // character trigram model of legitimate site names (src/features/name_lm.inc,
  // scripts/make_name_lm.py), in 1/256 nat, truncated; 256 (above every real value): none.
  int name_lm = 256;
};

// `host`: lower-case name, "www." already stripped.
HostSuffix host_suffix(std::string_view host) noexcept;

}  // namespace urlscan::detail
