// The allowlist's "@host/layout" lines: the content pages of a sharing platform (a shared
// document, a Drive folder). Such a URL names no publisher: the platform's own documents, a
// brand's official ones and a phisher's share the one layout and differ only in a random id, so
// the URL alone is no evidence either way (the scorer keeps the model's score under the flag line
// there; src/score/scorer.cpp says how).
#include <algorithm>
#include <array>

#include "domain/routed_path.hpp"
#include "urlscan/domain_list.hpp"

namespace urlscan {

namespace {

bool id_byte(unsigned char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

// A content id as the platforms write it (Docs 44 bytes, Drive 33), lower-cased by routing.
bool content_id(std::string_view seg) noexcept {
  if (seg.size() < 10 || seg.size() > 128) return false;
  for (unsigned char c : seg)
    if (!id_byte(c)) return false;
  return true;
}

// The parameters the platforms put on their own sharing links; anything else (a redirect target,
// a message for the visitor) is the sharer's and leaves the URL to the model.
constexpr std::array<std::string_view, 12> kSharingParameters = {
    "usp", "gid",   "resourcekey", "authuser", "pli", "sd",
    "tab", "rtpof", "ouid",        "hl",       "rm",  "urp"};

bool sharing_query(std::string_view query) noexcept {
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == query.npos ? std::string_view{} : query.substr(amp + 1);
    const std::size_t eq = pair.find('=');
    const std::string_view key = pair.substr(0, eq);
    const std::string_view value = eq == pair.npos ? std::string_view{} : pair.substr(eq + 1);
    bool known = false;
    for (std::string_view k : kSharingParameters) known |= key == k;
    if (!known || value.size() > 64) return false;
    for (unsigned char c : value)
      if (!(id_byte(c) || (c >= 'A' && c <= 'Z') || c == '.')) return false;
  }
  return true;
}

}  // namespace

const char* DomainList::parse_platform_page(std::string_view line, PlatformPage& out) {
  const std::size_t slash = line.find('/');
  if (slash == line.npos) return "is a platform page layout without a path";
  const std::string_view host = line.substr(0, slash), layout = line.substr(slash);
  bool ok = host.find('.') != host.npos && host.front() != '.' && host.back() != '.';
  for (unsigned char c : host)
    ok &= (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
  if (!ok) return "is not a lower-case domain name and a path";
  bool has_id = false;
  for (std::size_t at = 1; at <= layout.size();) {
    const std::size_t end = std::min(layout.find('/', at), layout.size());
    const std::string_view seg = layout.substr(at, end - at);
    if (seg.empty()) return "has an empty path segment (a layout ends without '/')";
    if (seg == "*") {
      has_id = true;
    } else {
      for (unsigned char c : seg)
        if (!(id_byte(c) || c == '.') || seg == "." || seg == "..")
          return "has a segment other than '*' or lower-case letters, digits, '-', '_' and '.'";
    }
    at = end + 1;
  }
  if (!has_id) return "has no '*' segment (the content id)";
  out = {host_key(host), std::string(host), std::string(layout), std::string(line)};
  return nullptr;
}

std::string_view DomainList::platform_page(std::string_view host, std::uint64_t key,
                                           std::string_view path,
                                           std::string_view query) const noexcept {
  if (platform_pages_.empty()) return {};
  bool on_platform = false;
  for (const PlatformPage& p : platform_pages_) on_platform |= p.key == key && p.host == host;
  if (!on_platform || path.size() > detail::kMaxExcludedPath || !sharing_query(query)) return {};
  char stripped[detail::kMaxExcludedPath];
  path = detail::without_tabs(path, stripped);  // first, as a browser does
  if (detail::has_encoded_separator(path)) return {};
  char routed[detail::kMaxExcludedPath + 1];
  std::string_view r(routed, detail::routed_path(path, routed));
  if (r.size() > 1 && r.back() == '/') r.remove_suffix(1);
  for (const PlatformPage& p : platform_pages_) {
    if (p.key != key || p.host != host) continue;
    // Segment by segment: literals equal, '*' a content id, and nothing left over.
    std::string_view want = p.layout, got = r;
    bool same = true;
    while (same && !want.empty() && !got.empty()) {
      const std::size_t wn = want.find('/', 1), gn = got.find('/', 1);
      const std::string_view w = want.substr(1, wn - 1), g = got.substr(1, gn - 1);
      same = w == "*" ? content_id(g) : w == g;
      want = wn == want.npos ? std::string_view{} : want.substr(wn);
      got = gn == got.npos ? std::string_view{} : got.substr(gn);
    }
    if (same && want.empty() && got.empty()) return p.line;
  }
  return {};
}

}  // namespace urlscan
