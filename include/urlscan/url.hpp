// URL parsing and normalisation for scoring. Accepts anything (bare host/path, junk, binary) and
// never throws: what cannot be understood is recorded in `problem`.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "urlscan/error.hpp"
#include "urlscan/export.hpp"

namespace urlscan {

enum class HostKind : std::uint8_t { none, name, ipv4, ipv6 };

struct URLSCAN_API Url {
  // Views into the parsed input (valid while the input is).
  std::string_view scheme;    // lower-case not guaranteed; empty when the input had none
  std::string_view userinfo;  // text before '@' in the authority
  std::string_view path;      // from the first '/' after the authority, without query/fragment
  std::string_view query;     // without the '?'
  std::string_view fragment;  // without the '#'
  // Normalised copies.
  std::string host;          // lower-case, percent-decoded, no trailing dot; IPv4 as dotted quad
  std::string host_unicode;  // with `idn`: `host` with xn-- labels decoded to UTF-8 (else empty;
                             // unicode_host() gives either)
  int port = -1;             // -1 when absent or invalid
  HostKind host_kind = HostKind::none;
  bool has_scheme = false;
  bool ipv4_obfuscated = false;  // IPv4 written as decimal/hex/octal/short form
  bool idn = false;              // host has an xn-- label
  bool bad_port = false;         // a port that is not a number in 0..65535
  bool backslashes = false;      // '\' used as a path separator in the authority part
  errc problem = errc::ok;       // first problem found (the URL may still be scorable)

  void clear() noexcept;
  std::string_view unicode_host() const noexcept { return idn ? host_unicode : host; }
};

// Parses `text` into `out` (reusing its buffers). Returns false when no host could be found;
// `out` is filled as far as possible either way.
URLSCAN_API bool parse_url(std::string_view text, Url& out) noexcept;

// Input hygiene checks shared by every reader: NUL bytes, control characters, invalid UTF-8.
[[nodiscard]] URLSCAN_API errc check_record(std::string_view text) noexcept;

// The one check -> parse step of every scoring path (Scorer, training): check_record, then
// parse_url. errc::ok when the record can be scored; else why not (`out` is then cleared).
[[nodiscard]] URLSCAN_API errc parse_record(std::string_view text, Url& out) noexcept;

// True when `text` is well-formed UTF-8.
[[nodiscard]] URLSCAN_API bool valid_utf8(std::string_view text) noexcept;

}  // namespace urlscan
