// Registrable domains from the Public Suffix List (libpsl's built-in list, private suffixes
// included: the registrable domain of evil.github.io is evil.github.io, not github.io).
#pragma once

#include <string>
#include <string_view>

#include "urlscan/export.hpp"

namespace urlscan {

// The registrable domain of a lower-case host name (a suffix of `host`), or empty for IP
// literals, bare public suffixes and single-label names.
[[nodiscard]] URLSCAN_API std::string_view registrable_domain(const std::string& host);

// The platform of a lower-case host name: its ICANN public suffix plus one label, the Public
// Suffix List's private section ignored (evil.github.io -> github.io, a.b.example.co.uk ->
// example.co.uk), so that every user of a hosting platform, site builder or dynamic-DNS
// provider shares one; the host itself for IP literals and names with no ICANN suffix.
[[nodiscard]] URLSCAN_API std::string_view platform_domain(const std::string& host);

// Labels left of the registrable domain ("a.b" in a.b.example.co.uk -> 2); -1 when the host
// has no registrable domain.
[[nodiscard]] URLSCAN_API int subdomain_depth(const std::string& host);

}  // namespace urlscan
