#include "urlscan/lookalike.hpp"

#include <unicode/uspoof.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <unordered_map>

#include "urlscan/domain.hpp"

namespace urlscan {

namespace {

constexpr std::size_t kMinSwapKeyword = 5;
constexpr std::size_t kMinTypoKeyword =
    6;  // shorter ones are one edit from many words (case, stream)
constexpr std::size_t kMaxTypoKeyword = 40;

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// Letters of [a-z0-9] as a bit set: one edit changes at most two bits of it. Each byte's bit
// from a table: the two range tests per character cost more than the lookup.
constexpr std::array<std::uint64_t, 256> kLetterBit = [] {
  std::array<std::uint64_t, 256> t{};
  for (std::size_t c = 0; c < t.size(); ++c)
    t[c] = c >= 'a' && c <= 'z'   ? 1ULL << (c - 'a')
           : c >= '0' && c <= '9' ? 1ULL << (26 + c - '0')
                                  : 1ULL << 40;
  return t;
}();

std::uint64_t letter_mask(std::string_view s) {
  std::uint64_t m = 0;
  for (char c : s) m |= kLetterBit[static_cast<unsigned char>(c)];
  return m;
}

// Folds characters that look alike in a host name onto one: digits onto the letters they
// imitate, i/l/1 onto 'l', and the letter pairs that render as one letter in most fonts.
// The single-character folds are a table, written through a pointer: a switch and a
// string append per character were most of the look-alike check's cost.
constexpr std::array<char, 256> kFold = [] {
  std::array<char, 256> t{};
  for (std::size_t c = 0; c < t.size(); ++c) t[c] = static_cast<char>(c);
  t['0'] = 'o';
  t['1'] = 'l';
  t['i'] = 'l';
  t['3'] = 'e';
  t['4'] = 'a';
  t['5'] = 's';
  t['7'] = 't';
  return t;
}();

void fold_lookalikes(std::string_view s, std::string& out) {
  out.resize(s.size());  // folding never lengthens
  char* w = out.data();
  const std::size_t n = s.size();
  for (std::size_t i = 0; i < n; ++i) {
    const char c = s[i];
    if (i + 1 < n && ((c == 'r' && s[i + 1] == 'n') || (c == 'v' && s[i + 1] == 'v'))) {
      *w++ = c == 'r' ? 'm' : 'w';
      ++i;
    } else {
      *w++ = kFold[static_cast<unsigned char>(c)];
    }
  }
  out.resize(static_cast<std::size_t>(w - out.data()));
}

// UTF-8 text without the combining diacritical marks U+0300..U+036F (a skeleton keeps them
// apart from their letter: NFD).
std::string without_combining_marks(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    const auto next = i + 1 < s.size() ? static_cast<unsigned char>(s[i + 1]) : 0;
    if ((c == 0xcc && next >= 0x80 && next <= 0xbf) ||
        (c == 0xcd && next >= 0x80 && next <= 0xaf)) {
      ++i;
      continue;
    }
    out += s[i];
  }
  return out;
}

// Bits set in a 64-bit word, without relying on the POPCNT instruction of the build's baseline.
int bit_count(std::uint64_t x) {
  x -= (x >> 1) & 0x5555555555555555ULL;
  x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
  x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
  return static_cast<int>((x * 0x0101010101010101ULL) >> 56);
}

// Two characters as a small index (letters, digits; anything else shares one slot), each
// character's code from a table.
constexpr std::array<std::uint8_t, 256> kPairCode = [] {
  std::array<std::uint8_t, 256> t{};
  for (std::size_t c = 0; c < t.size(); ++c)
    t[c] = static_cast<std::uint8_t>(c >= 'a' && c <= 'z'   ? c - 'a'
                                     : c >= '0' && c <= '9' ? 26 + c - '0'
                                                            : 36);
  return t;
}();

std::size_t pair_index(char a, char b) {
  return std::size_t{kPairCode[static_cast<unsigned char>(a)]} * 37 +
         kPairCode[static_cast<unsigned char>(b)];
}
constexpr std::size_t kPairs = 37 * 37;

// Four characters as a key, hashed into a 64K-bit filter.
std::uint32_t quad(const char* p) {
  std::uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}
std::size_t quad_bit(std::uint32_t q) {
  return (q * 0x9E3779B1u) >> 16;
}

// One letter replaced (same length, one position differs); else dropped, doubled or swapped.
bool one_replaced(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  std::size_t diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff += a[i] != b[i];
  return diff == 1;
}

// Optimal string alignment distance, capped: returns 2 for anything over one edit.
int edits_capped(std::string_view a, std::string_view b) {
  const std::size_t n = a.size(), m = b.size();
  if (n > kMaxTypoKeyword + 1 || m > kMaxTypoKeyword + 1) return 2;
  std::array<std::array<int, kMaxTypoKeyword + 3>, 3> row{};  // rows i-2, i-1, i (rolling)
  for (std::size_t j = 0; j <= m; ++j) row[0][j] = static_cast<int>(j);
  for (std::size_t i = 1; i <= n; ++i) {
    auto& cur = row[i % 3];
    const auto& prev = row[(i - 1) % 3];
    const auto& prev2 = row[(i + 1) % 3];
    cur[0] = static_cast<int>(i);
    int best = cur[0];
    for (std::size_t j = 1; j <= m; ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      int v = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        v = std::min(v, prev2[j - 2] + 1);
      cur[j] = v;
      best = std::min(best, v);
    }
    if (best > 1) return 2;
  }
  return std::min(row[n % 3][m], 2);
}

}  // namespace

struct LookalikeDetector::Impl {
  USpoofChecker* checker = nullptr;
  struct Keyword {
    std::string text;  // folded for `swap`
    std::string original;
    std::uint64_t mask;
    std::uint16_t brand;
  };
  // Look-alike swaps: folded keywords >= 5 chars, found through their first four characters
  // (a 64K-bit filter, then the keywords that start with them).
  std::vector<Keyword> swap;
  std::vector<std::uint64_t> quad_filter = std::vector<std::uint64_t>(1024);
  std::unordered_map<std::uint32_t, std::vector<std::uint16_t>> by_quad;
  // Typos: keywords >= 6 chars by their first two and last two characters. A word one edit
  // from a keyword shares its first two characters (edit at 2 or later) or its last two.
  std::vector<Keyword> typo;
  std::vector<std::vector<std::uint16_t>> by_head = std::vector<std::vector<std::uint16_t>>(kPairs);
  std::vector<std::vector<std::uint16_t>> by_tail = std::vector<std::vector<std::uint16_t>>(kPairs);
  std::vector<std::pair<std::string, std::uint16_t>> skeletons;  // homographs
  ~Impl() { uspoof_close(checker); }
};

LookalikeDetector::LookalikeDetector(const std::vector<std::vector<std::string>>& keywords)
    : impl_(std::make_unique<Impl>()) {
  UErrorCode st = U_ZERO_ERROR;
  impl_->checker = uspoof_open(&st);
  // Mixed scripts beyond what TR39's "highly restrictive" level allows (Latin with Han/Kana/
  // Hangul is fine; Latin with Cyrillic or Greek is not), invisible characters, digits of two
  // numbering systems.
  uspoof_setChecks(impl_->checker,
                   USPOOF_RESTRICTION_LEVEL | USPOOF_INVISIBLE | USPOOF_MIXED_NUMBERS, &st);
  uspoof_setRestrictionLevel(impl_->checker, USPOOF_HIGHLY_RESTRICTIVE);
  if (U_FAILURE(st)) {  // ICU's data is part of libicu: this is a broken installation
    uspoof_close(impl_->checker);
    impl_->checker = nullptr;
  }
  std::string folded;
  for (std::size_t b = 0; b < keywords.size(); ++b) {
    const auto brand = static_cast<std::uint16_t>(b);
    for (const std::string& k : keywords[b]) {
      if (k.size() < kMinSwapKeyword) continue;
      fold_lookalikes(k, folded);
      if (folded.size() >= 4) {
        const std::uint32_t q = quad(folded.data());
        impl_->quad_filter[quad_bit(q) >> 6] |= 1ULL << (quad_bit(q) & 63);
        impl_->by_quad[q].push_back(static_cast<std::uint16_t>(impl_->swap.size()));
        impl_->swap.push_back({folded, k, letter_mask(k), brand});
      }
      if (k.size() >= kMinTypoKeyword && k.size() <= kMaxTypoKeyword) {
        const auto t = static_cast<std::uint16_t>(impl_->typo.size());
        impl_->typo.push_back({k, k, letter_mask(k), brand});
        impl_->by_head[pair_index(k[0], k[1])].push_back(t);
        const std::size_t tail = pair_index(k[k.size() - 2], k.back());
        if (tail != pair_index(k[0], k[1])) impl_->by_tail[tail].push_back(t);
      }
      if (std::string sk = skeleton(k); !sk.empty()) impl_->skeletons.emplace_back(sk, brand);
    }
  }
}

LookalikeDetector::~LookalikeDetector() = default;
LookalikeDetector::LookalikeDetector(LookalikeDetector&&) noexcept = default;
LookalikeDetector& LookalikeDetector::operator=(LookalikeDetector&&) noexcept = default;

std::string LookalikeDetector::skeleton(std::string_view utf8) const {
  if (!impl_->checker || utf8.size() > 1024) return {};
  std::string out(utf8.size() * 2 + 16, '\0');
  for (int attempt = 0; attempt < 2; ++attempt) {
    UErrorCode st = U_ZERO_ERROR;
    const int32_t n =
        uspoof_getSkeletonUTF8(impl_->checker, 0, utf8.data(), static_cast<int32_t>(utf8.size()),
                               out.data(), static_cast<int32_t>(out.size()), &st);
    if (st == U_BUFFER_OVERFLOW_ERROR) {
      out.assign(static_cast<std::size_t>(n) + 1, '\0');
      continue;
    }
    if (U_FAILURE(st)) return {};
    out.resize(static_cast<std::size_t>(n));
    return out;
  }
  return {};
}

void LookalikeDetector::check(const Url& url, std::vector<Finding>& out) const {
  if (url.host_kind != HostKind::name) return;
  const std::size_t first = out.size();
  auto add = [&](Kind kind, std::uint16_t brand) {
    const Finding f{kind, brand};
    if (std::find(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(), f) == out.end())
      out.push_back(f);
  };
  const std::string_view host = url.unicode_host();
  const std::size_t tld_dot = host.rfind('.');
  if (tld_dot == host.npos) return;
  const bool latin_tld = is_ascii(host.substr(tld_dot + 1));
  bool typo_candidate = false;
  struct Typo {
    std::string_view label;
    std::uint16_t brand;
    bool replaced;
  };
  std::vector<Typo> typos;
  std::string folded;
  std::string_view rest = host.substr(0, tld_dot);
  while (!rest.empty()) {
    const std::size_t dot = rest.find('.');
    const std::string_view label = rest.substr(0, dot);
    rest = dot == rest.npos ? std::string_view{} : rest.substr(dot + 1);
    if (label.empty()) continue;
    if (!is_ascii(label)) {
      if (!impl_->checker || label.size() > 256) continue;
      const std::string sk = skeleton(label);
      // Brands are compared without accents: "ámazon" imitates amazon as well as "аmazon".
      const std::string bare = without_combining_marks(sk);
      bool brand_found = false;
      for (const auto& [bsk, brand] : impl_->skeletons)
        if (bare.find(bsk) != bare.npos) {
          add(Kind::homograph, brand);
          brand_found = true;
        }
      UErrorCode st = U_ZERO_ERROR;
      if (uspoof_checkUTF8(impl_->checker, label.data(), static_cast<int32_t>(label.size()),
                           nullptr, &st) != 0 &&
          U_SUCCESS(st))
        add(Kind::mixed_script, kNoBrand);
      if (!brand_found && latin_tld && !sk.empty() && is_ascii(sk))
        add(Kind::reads_latin, kNoBrand);
      continue;
    }
    // ASCII: each hyphen-separated word of the label.
    std::string_view words = label;
    while (!words.empty()) {
      const std::size_t dash = words.find('-');
      const std::string_view word = words.substr(0, dash);
      words = dash == words.npos ? std::string_view{} : words.substr(dash + 1);
      if (word.size() < kMinSwapKeyword - 1 || word.size() > 2 * kMaxTypoKeyword) continue;
      fold_lookalikes(word, folded);
      bool swapped = false;
      // A folded keyword in the folded word that the word does not spell out.
      for (std::size_t p = 0; p + 4 <= folded.size(); ++p) {
        const std::uint32_t q = quad(folded.data() + p);
        const std::size_t bit = quad_bit(q);
        if (!(impl_->quad_filter[bit >> 6] >> (bit & 63) & 1)) continue;
        const auto it = impl_->by_quad.find(q);
        if (it == impl_->by_quad.end()) continue;
        for (std::uint16_t ki : it->second) {
          const Impl::Keyword& k = impl_->swap[ki];
          if (std::string_view(folded).substr(p, k.text.size()) == k.text &&
              word.find(k.original) == word.npos) {
            add(Kind::swapped, k.brand);
            swapped = true;
          }
        }
      }
      if (swapped || word.size() + 1 < kMinTypoKeyword) continue;
      const std::uint64_t mask = letter_mask(word);
      auto try_typos = [&](const std::vector<std::uint16_t>& bucket) {
        for (std::uint16_t ti : bucket) {
          const Impl::Keyword& k = impl_->typo[ti];
          const std::size_t n = k.text.size();
          // Not the brand less its first letter: "tmobile" -> "mobile", "icloud" -> "cloud".
          if (n + 1 < word.size() || n > word.size() + 1 || bit_count(mask ^ k.mask) > 2 ||
              word == std::string_view(k.text).substr(1) || edits_capped(word, k.text) != 1)
            continue;
          typos.push_back({label, k.brand, one_replaced(word, k.text)});
          typo_candidate = true;
        }
      };
      try_typos(impl_->by_head[pair_index(word[0], word[1])]);
      try_typos(impl_->by_tail[pair_index(word[word.size() - 2], word.back())]);
    }
  }
  if (typo_candidate) {
    // Typos count only in the registrable label (paypai.com, not paypai.example.com's
    // subdomain, where a word one edit from a brand is usually just a word: "finance").
    const std::string_view reg = registrable_domain(url.host);
    for (const Typo& t : typos)
      if (reg.size() > t.label.size() && reg.starts_with(t.label) && reg[t.label.size()] == '.')
        add(t.replaced ? Kind::replaced : Kind::typo, t.brand);
  }
}

}  // namespace urlscan
