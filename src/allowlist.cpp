#include "urlscan/allowlist.hpp"

#include "builtin_model.hpp"

namespace urlscan {

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
      if (detail) *detail = "allowlist line " + std::to_string(line_no) + ": '" + std::string(line) +
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
  // The most specific entry wins: an exclusion below a listed domain cancels it.
  std::string key;
  while (host.find('.') != host.npos) {
    key.assign(host);
    if (excluded_.count(key)) return {};
    if (auto it = domains_.find(key); it != domains_.end()) return *it;
    host.remove_prefix(host.find('.') + 1);
  }
  return {};
}

}  // namespace urlscan
