#include "features/platform.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "features/hash.hpp"

namespace urlscan::detail {

namespace {

struct Rule {
  const char* suffix;
  std::uint8_t kind;  // 1 ICANN, 2 private, +4 wildcard
};
constexpr Rule kRules[] = {
#include "features/psl_rules.inc"
};

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

constexpr std::uint64_t kSeed = 0x5053'4c31'7275'6c65ULL;

// Open addressing on the rules' 64-bit hashes (a false match needs a 64-bit collision).
class SuffixTable {
 public:
  SuffixTable() {
    std::size_t n = 1;
    while (n < 4 * std::size(kRules)) n *= 2;
    keys_.assign(n, 0);
    kinds_.assign(n, 0);
    mask_ = n - 1;
    for (const Rule& r : kRules) {
      const std::string_view name(r.suffix);
      std::size_t labels = 1;
      for (const char c : name) labels += c == '.';
      max_labels_ = std::max(max_labels_, labels);
      const std::uint64_t h = key(r.suffix);
      std::size_t i = h & mask_;
      while (keys_[i] != 0 && keys_[i] != h) i = (i + 1) & mask_;
      keys_[i] = h;
      kinds_[i] |= r.kind;
    }
  }
  // The most labels a rule has: a longer suffix is never one.
  std::size_t max_labels() const noexcept { return max_labels_; }
  int kind(std::string_view s) const noexcept {
    const std::uint64_t h = key(s);
    for (std::size_t i = h & mask_; keys_[i] != 0; i = (i + 1) & mask_)
      if (keys_[i] == h) return kinds_[i];
    return 0;
  }

 private:
  static std::uint64_t key(std::string_view s) noexcept { return token_hash(kSeed, s) | 1; }
  std::vector<std::uint64_t> keys_;
  std::vector<std::uint8_t> kinds_;
  std::size_t mask_ = 0, max_labels_ = 0;
};

const SuffixTable& table() {
  static const SuffixTable t;
  return t;
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
  const SuffixTable& t = table();
  int s = n - 1, kind = 0;
  for (int i = std::max(0, n - static_cast<int>(t.max_labels())); i < n; ++i) {
    const int k = t.kind(host.substr(start[i]));
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
