#include "urlscan/json_text.hpp"

#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace urlscan {

void append_probability(std::string& out, float p) {
  // Fixed 6 decimals without printf's float machinery (a tenth of the scan's time).
  if (!(p > 0.0f)) p = 0.0f;  // also NaN
  if (p > 1.0f) p = 1.0f;
  // p is clamped to [0, 1] above, so adding 0.5 and truncating rounds half up.
  const auto micro =
      static_cast<std::uint32_t>(p * 1e6f + 0.5f);  // NOLINT(bugprone-incorrect-roundings)
  // Two digits a table lookup (the divisions by constants are multiplies).
  static constexpr auto pairs = [] {
    std::array<char, 200> t{};
    for (int i = 0; i < 100; ++i) {
      t[2 * i] = static_cast<char>('0' + i / 10);
      t[2 * i + 1] = static_cast<char>('0' + i % 10);
    }
    return t;
  }();
  const std::uint32_t frac = micro % 1000000;
  char b[8] = {static_cast<char>('0' + micro / 1000000), '.'};
  std::memcpy(b + 2, &pairs[2 * (frac / 10000)], 2);
  std::memcpy(b + 4, &pairs[2 * (frac / 100 % 100)], 2);
  std::memcpy(b + 6, &pairs[2 * (frac % 100)], 2);
  out.append(b, 8);
}

std::size_t utf8_sequence_length(std::string_view s, std::size_t i) noexcept {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const unsigned char c = b(0);
  if (c < 0x80) return 1;
  const std::size_t len = c >= 0xc2 && c <= 0xdf   ? 2
                          : c >= 0xe0 && c <= 0xef ? 3
                          : c >= 0xf0 && c <= 0xf4 ? 4
                                                   : 0;
  if (len == 0 || i + len > s.size()) return 0;
  for (std::size_t k = 1; k < len; ++k)
    if ((b(k) & 0xc0) != 0x80) return 0;
  // Overlong forms, surrogates and code points past U+10FFFF (RFC 3629).
  if ((c == 0xe0 && b(1) < 0xa0) || (c == 0xed && b(1) > 0x9f) || (c == 0xf0 && b(1) < 0x90) ||
      (c == 0xf4 && b(1) > 0x8f))
    return 0;
  return len;
}

namespace {

// Whether a byte of the 64-bit word w needs more than a copy in a JSON string: a control byte,
// DEL or above (non-ASCII goes through the UTF-8 check), '"' or '\\'. Eight bytes a test, so
// plain text is copied a word at a time (issue 18: the byte loop was most of --json's printing
// cost). Exact for "any byte" (the bit tricks' false positives only sit above a true match),
// whatever the byte order. frontend/word_bytes.hpp has the same tests for the TSV and CSV
// printers, which cannot include src/.
std::uint64_t json_stop(std::uint64_t w) noexcept {
  constexpr std::uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
  const auto below = [&](std::uint64_t v, std::uint64_t n) { return (v - ones * n) & ~v & highs; };
  const std::uint64_t del_or_above = ((w + ones) | w) & highs;
  return below(w, 0x20) | del_or_above | below(w ^ (ones * '"'), 1) | below(w ^ (ones * '\\'), 1);
}

constexpr bool json_plain(unsigned char c) noexcept {
  return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
}

// The length of s's leading run of bytes that go out as they are. With SSE2 (every x86-64),
// sixteen bytes a test, the last block overlapping the one before (its bytes before the run's
// end are plain, so the first stop in it is the run's end), as the TSV printer does
// (frontend/field_text.cpp); else, and under 16 bytes, the word tests, then a byte loop.
std::size_t json_plain_run(std::string_view s) noexcept {
  std::size_t i = 0;
#if defined(__SSE2__)
  if (s.size() >= 16) {
    const __m128i below_space = _mm_set1_epi8(0x1f), del = _mm_set1_epi8(0x7f),
                  quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
    // Bits of the bytes that stop a run: signed, 0x80..0xff and 0x00..0x1f are not > 0x1f.
    auto stops = [&](std::size_t at) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + at));
      const __m128i bad =
          _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, del), _mm_cmpeq_epi8(v, quote)),
                       _mm_cmpeq_epi8(v, backslash));
      return (~static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpgt_epi8(v, below_space))) |
              static_cast<unsigned>(_mm_movemask_epi8(bad))) &
             0xffffu;
    };
    for (; i + 16 <= s.size(); i += 16)
      if (const unsigned m = stops(i)) return i + static_cast<std::size_t>(__builtin_ctz(m));
    if (i == s.size()) return i;
    const std::size_t last = s.size() - 16;
    const unsigned m = stops(last);
    return m ? last + static_cast<std::size_t>(__builtin_ctz(m)) : s.size();
  }
#endif
  for (std::uint64_t w; i + 8 <= s.size(); i += 8) {
    std::memcpy(&w, s.data() + i, sizeof w);
    if (json_stop(w)) break;
  }
  while (i < s.size() && json_plain(static_cast<unsigned char>(s[i]))) ++i;
  return i;
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  static constexpr char hex[] = "0123456789abcdef";
  out += '"';
  std::size_t i = 0;
  while (i < s.size()) {
    // The common case, a run of printable ASCII without '"' or '\\', goes out as is.
    const std::size_t j = i + json_plain_run(s.substr(i));
    out.append(s.data() + i, j - i);
    if (j == s.size()) break;
    const auto c = static_cast<unsigned char>(s[j]);
    i = j + 1;
    if (c == '"' || c == '\\') {
      const char escape[2] = {'\\', static_cast<char>(c)};
      out.append(escape, 2);
    } else if (c < 0x80) {  // a control byte or DEL
      const char escape[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf]};
      out.append(escape, 6);
    } else if (const std::size_t len = utf8_sequence_length(s, j); len > 0) {
      out.append(s.data() + j, len);
      i = j + len;
    } else {
      const char escape[6] = {'\\', 'u',         'd',
                              'c',  hex[c >> 4], hex[c & 0xf]};  // not text: see the header
      out.append(escape, 6);
    }
  }
  out += '"';
}

JsonWriter& JsonWriter::number(double v, const char* format) {
  if (!std::isfinite(v)) return raw("null");
  char b[64];
  std::snprintf(b, sizeof b, format, v);
  return raw(b);
}

JsonWriter& JsonWriter::members_of(std::string_view object_json) {
  const std::size_t open = object_json.find('{'), close = object_json.rfind('}');
  if (open == object_json.npos || close == object_json.npos || close <= open) return *this;
  const std::string_view inner = object_json.substr(open + 1, close - open - 1);
  if (inner.find_first_not_of(" \t\r\n") == inner.npos) return *this;  // {}: no members
  separate();
  out_ += inner;
  return *this;
}

}  // namespace urlscan
