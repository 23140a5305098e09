#include "urlscan/allowlist.hpp"

#include <algorithm>

#include "builtin_model.hpp"
#include "urlscan/features.hpp"

namespace urlscan {

std::size_t Allowlist::Hash::operator()(std::string_view s) const noexcept {
  return static_cast<std::size_t>(hash_bytes(0x616c6c6f77ULL, s));
}

errc Allowlist::parse(std::string_view text, Allowlist& out, std::string* detail) {
  out.domains_.clear();
  out.excluded_.clear();
  std::size_t line_no = 0;
  while (!text.empty()) {
    std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == text.npos ? std::string_view{} : text.substr(nl + 1);
    ++line_no;
    if (std::size_t hash = line.find('#'); hash != line.npos) line = line.substr(0, hash);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r'))
      line.remove_suffix(1);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    if (line.empty()) continue;
    const bool exclude = line.front() == '!';
    if (exclude) line.remove_prefix(1);
    bool ok = line.find('.') != line.npos && line.front() != '.' && line.back() != '.';
    for (unsigned char c : line)
      ok &= (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
    if (!ok) {
      if (detail)
        *detail = "allowlist line " + std::to_string(line_no) + ": '" + std::string(line) +
                  "' is not a lower-case domain name";
      return errc::data_bad_line;
    }
    (exclude ? out.excluded_ : out.domains_).emplace(line);
    const int labels = 1 + static_cast<int>(std::count(line.begin(), line.end(), '.'));
    out.max_labels_ = std::max(out.max_labels_, labels);
  }
  return errc::ok;
}

const Allowlist& Allowlist::builtin() {
  static const Allowlist list = [] {
    Allowlist a;
    auto bytes = detail::builtin_allowlist_bytes();
    (void)parse(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()), a);
    return a;
  }();
  return list;
}

std::string_view Allowlist::match(std::string_view host) const {
  if (domains_.empty()) return {};
  // Try the host, then each parent on a dot boundary: a.b.paypal.com -> b.paypal.com -> ...
  // Suffixes from two labels up to the longest entry's label count; the shortest listed one wins
  // unless a longer suffix (down to the whole host) is excluded: an exclusion below a listed
  // domain cancels it. Most hosts cost one or two lookups.
  std::size_t pos = host.size();
  std::string_view hit;
  int labels = 0;
  for (;;) {
    const std::size_t dot = pos == 0 ? host.npos : host.rfind('.', pos - 1);
    ++labels;
    const std::string_view suffix = dot == host.npos ? host : host.substr(dot + 1);
    if (labels >= 2) {
      if (auto it = domains_.find(suffix); it != domains_.end()) {
        hit = *it;
        break;
      }
    }
    if (dot == host.npos || labels >= max_labels_) return {};
    pos = dot;
  }
  // Every longer suffix, from the whole host down, may be excluded.
  for (std::size_t p = 0; p + hit.size() < host.size();) {
    if (excluded_.find(host.substr(p)) != excluded_.end()) return {};
    p = host.find('.', p) + 1;
  }
  return hit;
}

}  // namespace urlscan
