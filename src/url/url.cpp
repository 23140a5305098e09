// parse_url: the WHATWG-style parse of one URL (host normalised: IPv4 forms, IDN, percent
// escapes) that the rules and the featurizer read.
#include "urlscan/url.hpp"

#include <idn2.h>

#include <array>
#include <cstdlib>
#include <cstring>

#include "kernel/kernel.hpp"
#include "util/hex_digit.hpp"

namespace urlscan {
namespace {

constexpr bool is_alpha(unsigned char c) {
  return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}
constexpr bool is_digit(unsigned char c) {
  return c >= '0' && c <= '9';
}
constexpr unsigned char lower(unsigned char c) {
  return (c >= 'A' && c <= 'Z') ? c | 0x20 : c;
}
constexpr bool is_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

// Byte classes of the authority scan.
constexpr std::uint8_t kStop = 1, kAt = 2, kColon = 3, kPercent = 4, kBlank = 5;
constexpr std::array<std::uint8_t, 256> kAuthorityClass = [] {
  std::array<std::uint8_t, 256> t{};
  // No host holds a space, tab or other control byte ("hello world" is text, not a URL).
  for (int c = 0; c <= 0x20; ++c) t[c] = kBlank;
  t[0x7f] = kBlank;
  for (unsigned char c : {'/', '\\', '?', '#'}) t[c] = kStop;
  t['@'] = kAt;
  t[':'] = kColon;
  t['%'] = kPercent;
  return t;
}();

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

// Schemes whose URLs always have an authority, even when written "http:host" or "http:/host".
bool special_scheme(std::string_view s) {
  for (std::string_view k : {"http", "https", "ftp", "ws", "wss", "hxxp", "hxxps"})
    if (iequals(s, k)) return true;
  return false;
}

// Parses one IPv4 part in WHATWG style: decimal, 0x-hex or 0-octal. false when not numeric.
bool ipv4_part(std::string_view p, std::uint64_t& v, bool& nonstandard) {
  if (p.empty()) return false;
  int base = 10;
  if (p.size() >= 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
    base = 16;
    p.remove_prefix(2);
    nonstandard = true;
    if (p.empty()) {
      v = 0;
      return true;
    }
  } else if (p.size() >= 2 && p[0] == '0') {
    base = 8;
    p.remove_prefix(1);
    nonstandard = true;
  }
  v = 0;
  for (unsigned char c : p) {
    int d = detail::hex_digit(c);
    if (d < 0 || d >= base) return false;
    v = v * base + d;
    if (v > 0xffffffffULL) v = 0x100000000ULL;  // saturate: out of range anyway
  }
  return true;
}

// WHATWG IPv4 parser: host is an IPv4 address when its last label is numeric.
bool parse_ipv4(std::string_view host, std::uint32_t& addr, bool& obfuscated) {
  std::array<std::uint64_t, 4> parts{};
  int n = 0;
  bool nonstandard = false;
  std::size_t start = 0;
  if (!host.empty() && host.back() == '.') host.remove_suffix(1);
  if (host.empty()) return false;
  while (true) {
    std::size_t dot = host.find('.', start);
    std::string_view p =
        host.substr(start, dot == std::string_view::npos ? host.npos : dot - start);
    if (n == 4) return false;
    if (!ipv4_part(p, parts[n], nonstandard)) return false;
    ++n;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  for (int i = 0; i + 1 < n; ++i)
    if (parts[i] > 255) return false;
  if (parts[n - 1] >= (1ULL << (8 * (5 - n)))) return false;
  std::uint64_t v = parts[n - 1];
  for (int i = 0; i + 1 < n; ++i) v += parts[i] << (8 * (3 - i));
  addr = static_cast<std::uint32_t>(v);
  obfuscated = nonstandard || n != 4;
  return true;
}

void append_dotted(std::string& out, std::uint32_t a) {
  out.clear();
  for (int i = 3; i >= 0; --i) {
    out += std::to_string((a >> (8 * i)) & 255);
    if (i) out += '.';
  }
}

bool last_label_numeric(std::string_view host) {
  if (!host.empty() && host.back() == '.') host.remove_suffix(1);
  std::size_t dot = host.rfind('.');
  std::string_view last = dot == host.npos ? host : host.substr(dot + 1);
  if (last.empty()) return false;
  if (last.size() >= 2 && last[0] == '0' && (last[1] == 'x' || last[1] == 'X')) {
    for (unsigned char c : last.substr(2))
      if (detail::hex_digit(c) < 0) return false;
    return true;
  }
  for (unsigned char c : last)
    if (!is_digit(c)) return false;
  return true;
}

// `percent`: the authority had a '%' (then the host may need percent-decoding).
void normalise_host(std::string_view raw, bool percent, Url& out) {
  std::string& h = out.host;
  if (!percent || raw.find('%') == std::string_view::npos) {
    // The common case: a branchless lower-casing copy the compiler vectorises. Through local
    // pointers: a char store through h[i] may alias the string's own pointer and size, which
    // kept the loop scalar, reloading both per byte.
    h.resize(raw.size());
    char* const d = h.data();
    const char* const src = raw.data();
    const std::size_t n = raw.size();
    for (std::size_t i = 0; i < n; ++i) {
      const auto c = static_cast<unsigned char>(src[i]);
      d[i] = static_cast<char>(c | (static_cast<unsigned char>(c - 'A') < 26u ? 0x20 : 0));
    }
  } else {
    h.clear();
    for (std::size_t i = 0; i < raw.size(); ++i) {
      unsigned char c = raw[i];
      if (c == '%' && i + 2 < raw.size() && detail::hex_digit(raw[i + 1]) >= 0 &&
          detail::hex_digit(raw[i + 2]) >= 0) {
        c = static_cast<unsigned char>(detail::hex_digit(raw[i + 1]) * 16 +
                                       detail::hex_digit(raw[i + 2]));
        i += 2;
      }
      h.push_back(static_cast<char>(lower(c)));
    }
  }
  while (!h.empty() && h.back() == '.') h.pop_back();
  if (h.empty()) {
    out.host_kind = HostKind::none;
    return;
  }
  if (h.front() == '[') {
    out.host_kind = HostKind::ipv6;
    return;
  }
  std::uint32_t addr = 0;
  if (last_label_numeric(h) && parse_ipv4(h, addr, out.ipv4_obfuscated)) {
    out.host_kind = HostKind::ipv4;
    append_dotted(h, addr);
    return;
  }
  out.host_kind = HostKind::name;
  out.idn = h.starts_with("xn--") || h.find(".xn--") != std::string::npos;
  if (out.idn) {
    char* decoded = nullptr;
    if (idn2_to_unicode_8z8z(h.c_str(), &decoded, 0) == IDN2_OK && decoded) {
      out.host_unicode = decoded;
    } else {
      out.host_unicode = h;
    }
    idn2_free(decoded);
  }
}

}  // namespace

void Url::clear() noexcept {
  scheme = userinfo = path = query = fragment = {};
  host.clear();
  host_unicode.clear();
  port = -1;
  host_kind = HostKind::none;
  has_scheme = ipv4_obfuscated = idn = bad_port = backslashes = false;
  problem = errc::ok;
}

bool parse_url(std::string_view text, Url& out) noexcept {
  out.clear();
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  if (text.empty()) {
    out.problem = errc::empty_url;
    return false;
  }
  std::string_view rest = text;

  // Scheme: letters, then [a-z0-9+.-]*, then ':'.
  if (is_alpha(rest[0])) {
    std::size_t i = 1;
    while (i < rest.size() && (is_alpha(rest[i]) || is_digit(rest[i]) || rest[i] == '+' ||
                               rest[i] == '-' || rest[i] == '.'))
      ++i;
    if (i < rest.size() && rest[i] == ':') {
      std::string_view scheme = rest.substr(0, i);
      std::string_view after = rest.substr(i + 1);
      // "host:8080/x" is a host with a port, not a scheme.
      std::size_t d = 0;
      while (d < after.size() && is_digit(after[d])) ++d;
      bool host_port = d > 0 && (d == after.size() || after[d] == '/' || after[d] == '?' ||
                                 after[d] == '#' || after[d] == '\\');
      if (!host_port) {
        bool slashes = after.starts_with("//") || after.starts_with("\\\\") ||
                       after.starts_with("/\\") || after.starts_with("\\/");
        if (special_scheme(scheme) || slashes) {
          out.scheme = scheme;
          out.has_scheme = true;
          std::size_t k = 0;
          while (k < after.size() && (after[k] == '/' || after[k] == '\\')) {
            if (after[k] == '\\') out.backslashes = true;
            ++k;
          }
          rest = after.substr(k);
        } else {
          // Opaque URL (mailto:, javascript:, data:): no host.
          out.scheme = scheme;
          out.has_scheme = true;
          out.path = after;
          out.problem = errc::url_no_host;
          return false;
        }
      }
    }
  } else if (rest.starts_with("//")) {
    rest.remove_prefix(2);
  }

  // Authority ends at the first '/', '\', '?' or '#'; one table-driven pass also notes the
  // last '@' and the last ':'.
  std::size_t end = 0, at = std::string_view::npos, last_colon = std::string_view::npos;
  bool percent = false, blank = false;
  for (; end < rest.size(); ++end) {
    const std::uint8_t k = kAuthorityClass[static_cast<unsigned char>(rest[end])];
    if (k == 0) continue;
    if (k == kStop) break;
    if (k == kAt)
      at = end;
    else if (k == kColon)
      last_colon = end;
    else if (k == kPercent)
      percent = true;
    else
      blank = true;
  }
  if (blank) {
    out.problem = errc::url_blank_in_host;
    return false;
  }
  std::string_view authority = rest.substr(0, end);
  rest.remove_prefix(end);
  if (!rest.empty() && rest[0] == '\\') out.backslashes = true;

  if (at != authority.npos) {
    if (last_colon != authority.npos)
      last_colon = last_colon > at ? last_colon - at - 1 : authority.npos;
    out.userinfo = authority.substr(0, at);
    authority.remove_prefix(at + 1);
  }
  std::string_view hostport = authority;
  std::string_view port;
  if (!hostport.empty() && hostport[0] == '[') {
    std::size_t close = hostport.find(']');
    if (close != hostport.npos) {
      port = hostport.substr(close + 1);
      hostport = hostport.substr(0, close + 1);
      if (!port.empty() && port[0] == ':') port.remove_prefix(1);
    }
  } else {
    const std::size_t colon = last_colon;
    if (colon != hostport.npos) {
      port = hostport.substr(colon + 1);
      hostport = hostport.substr(0, colon);
    }
  }
  if (!port.empty()) {
    int v = 0;
    bool ok = port.size() <= 5;  // checked first: longer digit runs would overflow
    for (std::size_t i = 0; ok && i < port.size(); ++i) {
      if (!is_digit(port[i]))
        ok = false;
      else
        v = v * 10 + (port[i] - '0');
    }
    if (ok && v <= 65535)
      out.port = v;
    else
      out.bad_port = true;
  }
  normalise_host(hostport, percent, out);

  // Path, query, fragment.
  std::size_t hash = rest.find('#');
  if (hash != rest.npos) {
    out.fragment = rest.substr(hash + 1);
    rest = rest.substr(0, hash);
  }
  std::size_t q = rest.find('?');
  if (q != rest.npos) {
    out.query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  out.path = rest;
  if (out.host_kind == HostKind::none) {
    out.problem = errc::url_no_host;
    return false;
  }
  return true;
}

}  // namespace urlscan

namespace urlscan {

errc parse_record(std::string_view text, Url& out) noexcept {
  errc e = check_record(text);
  if (e == errc::ok && !parse_url(text, out)) e = out.problem;
  if (e != errc::ok) out.clear();
  return e;
}

}  // namespace urlscan
