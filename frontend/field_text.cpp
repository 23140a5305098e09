#include "field_text.hpp"

#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "urlscan/json_text.hpp"
#include "word_bytes.hpp"

namespace urlscan::frontend {
namespace {

// TSV: printable ASCII but '\' goes out as is.
constexpr bool tsv_plain(unsigned char c) noexcept {
  return c >= 0x20 && c < 0x7f && c != '\\';
}
std::uint64_t tsv_stop(std::uint64_t w) noexcept {
  using namespace word_bytes;
  return any_below(w, 0x20) | any_above(w, 0x7e) | any_equal(w, '\\');
}

// CSV: the bytes that make a field quoted.
constexpr bool csv_special(char c) noexcept {
  return c == ',' || c == '"' || c == '\r' || c == '\n';
}
std::uint64_t csv_stop(std::uint64_t w) noexcept {
  using namespace word_bytes;
  return any_equal(w, ',') | any_equal(w, '"') | any_equal(w, '\r') | any_equal(w, '\n');
}

// The length of s's leading run of TSV-plain bytes. With SSE2 (every x86-64), sixteen bytes a
// test, the last block overlapping the one before (its bytes before the run's end are plain, so
// the first stop in it is the run's end); else, and under 16 bytes, the word tests.
std::size_t tsv_plain_run(std::string_view s) noexcept {
  std::size_t i = 0;
#if defined(__SSE2__)
  if (s.size() >= 16) {
    const __m128i below_space = _mm_set1_epi8(0x1f), del = _mm_set1_epi8(0x7f),
                  backslash = _mm_set1_epi8('\\');
    // Bits of the bytes that stop a run: signed, 0x80..0xff and 0x00..0x1f are not > 0x1f.
    auto stops = [&](std::size_t at) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + at));
      const __m128i bad = _mm_or_si128(_mm_cmpeq_epi8(v, del), _mm_cmpeq_epi8(v, backslash));
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
  i = word_bytes::clean_words(s, tsv_stop);
  while (i < s.size() && tsv_plain(static_cast<unsigned char>(s[i]))) ++i;
  return i;
}

}  // namespace

void append_escaped(std::string& out, std::string_view s) {
  static constexpr char hex[] = "0123456789abcdef";
  std::size_t i = 0;
  while (i < s.size()) {
    // The common case, a run of plain bytes, goes out as is.
    const std::size_t j = i + tsv_plain_run(s.substr(i));
    out.append(s.data() + i, j - i);
    if (j == s.size()) return;
    const auto c = static_cast<unsigned char>(s[j]);
    if (c >= 0x80) {
      if (const std::size_t len = utf8_sequence_length(s, j); len > 0) {
        out.append(s.data() + j, len);  // valid UTF-8 is text
        i = j + len;
        continue;
      }
    }
    const char escape[4] = {'\\', 'x', hex[c >> 4],
                            hex[c & 0xf]};  // a control byte, '\' or not UTF-8
    out.append(escape, 4);
    i = j + 1;
  }
}

void append_csv_field(std::string& out, std::string_view s) {
  // RFC 4180: the bytes as they are, quoted when they hold a separator, quote or line break.
  std::size_t i = word_bytes::clean_words(s, csv_stop);
  while (i < s.size() && !csv_special(s[i])) ++i;
  if (i == s.size()) {
    out += s;
    return;
  }
  out += '"';
  for (;;) {  // each '"' doubled
    const std::size_t q = s.find('"');
    if (q == s.npos) break;
    out.append(s.data(), q + 1);
    out += '"';
    s.remove_prefix(q + 1);
  }
  out += s;
  out += '"';
}

}  // namespace urlscan::frontend
