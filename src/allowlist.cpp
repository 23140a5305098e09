#include "urlscan/allowlist.hpp"

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
  // Only the last kMaxLabels labels can match (entries are short); the most specific entry wins,
  // so an exclusion below a listed domain cancels it.
  constexpr int kMaxLabels = 5;
  std::size_t start[kMaxLabels + 1];
  int n = 0;
  std::size_t end = host.size();
  while (n < kMaxLabels) {
    const std::size_t dot = host.rfind('.', end == 0 ? 0 : end - 1);
    if (dot == host.npos || end == 0) break;
    start[n++] = dot + 1;
    end = dot;
  }
  // start[k] begins the suffix of k + 2 labels when there is a dot before it; the whole host
  // (when it has at most kMaxLabels labels) is checked too.
  const bool whole = n < kMaxLabels;
  auto check = [&](std::string_view suffix, std::string_view& hit) {
    if (!excluded_.empty() && excluded_.find(suffix) != excluded_.end()) return true;
    if (auto it = domains_.find(suffix); it != domains_.end()) {
      hit = *it;
      return true;
    }
    return false;
  };
  std::string_view hit;
  if (whole && n >= 1 && check(host, hit)) return hit;
  for (int k = n - 1; k >= 1; --k)
    if (check(host.substr(start[k]), hit)) return hit;
  return {};
}

}  // namespace urlscan
