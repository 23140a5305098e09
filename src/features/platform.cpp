#include "features/platform.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "domain/psl_table.hpp"

namespace urlscan::detail {

namespace {

constexpr std::int16_t kNameLm[30 * 30 * 30] = {
#include "features/name_lm.inc"
};

// a-z, a digit, '-', anything else (scripts/make_name_lm.py's symbols; 29 the boundary).
constexpr std::uint8_t symbol(unsigned char c) {
  if (c >= 'a' && c <= 'z') return static_cast<std::uint8_t>(c - 'a');
  if (c >= '0' && c <= '9') return 26;
  return c == '-' ? 27 : 28;
}

int name_lm(std::string_view label) noexcept {
  std::size_t a = 29, b = 29;
  int sum = 0;
  for (const char ch : label) {
    const std::size_t c = symbol(static_cast<unsigned char>(ch));
    sum += kNameLm[(a * 30 + b) * 30 + c];
    a = b;
    b = c;
  }
  sum += kNameLm[(a * 30 + b) * 30 + 29];
  return sum / static_cast<int>(label.size() + 1);
}

// The rule named `suffix` as this feature reads the Public Suffix List: 1 ICANN, 2 private, +4
// a wildcard rule (any label before the suffix belongs to it); 0 for no rule. Exception rules
// ("!www.ck", 8 of them) count as none: the input is a feature, not libpsl's answer.
int rule_kind(const PslTable& t, std::string_view suffix) noexcept {
  const std::uint8_t f = t.flags(suffix);
  if (f == 0 || (f & PslTable::kException)) return 0;
  return ((f & PslTable::kIcann) ? 1 : 0) | ((f & PslTable::kPrivate) ? 2 : 0) |
         ((f & PslTable::kWildcard) ? 4 : 0);
}

}  // namespace

HostSuffix host_suffix(std::string_view host) noexcept {
  HostSuffix r;
  if (host.empty()) return r;
  // Label starts, left to right (at most 32 labels).
  std::size_t start[32];
  int n = 0;
  start[n++] = 0;
  for (std::size_t i = 0; i < host.size() && n < 32; ++i)
    if (host[i] == '.') start[n++] = i + 1;
  // The longest matching rule: the first from the left. Unlisted: the last label (PSL's "*").
  const PslTable& t = PslTable::embedded();
  int s = n - 1, kind = 0;
  for (int i = std::max(0, n - static_cast<int>(t.max_labels())); i < n; ++i) {
    const int k = rule_kind(t, host.substr(start[i]));
    if (k == 0) continue;
    kind = k;
    s = (k & 4) && i > 0 ? i - 1 : i;
    break;
  }
  if (s == 0) {
    r.depth = -1;
    return r;
  }
  r.private_suffix = (kind & 2) != 0;
  r.depth = s - 1;
  r.label = static_cast<int>(start[s] - 1 - start[s - 1]);
  r.name_lm = name_lm(host.substr(start[s - 1], static_cast<std::size_t>(r.label)));
  return r;
}

}  // namespace urlscan::detail
