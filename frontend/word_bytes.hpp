// Tests on eight bytes at once (one 64-bit word, "SWAR"), so the printers skip text that needs no
// escaping or quoting a word at a time instead of a byte at a time (issue 18: the byte loops
// were most of the printing cost). Each test says whether ANY byte of the word matches, exactly;
// which byte is left to a byte loop. Byte order does not matter for "any".
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace urlscan::frontend::word_bytes {

inline constexpr std::uint64_t ones = 0x0101010101010101u;
inline constexpr std::uint64_t highs = 0x8080808080808080u;

// The word at p (any alignment).
inline std::uint64_t load(const char* p) noexcept {
  std::uint64_t w;
  std::memcpy(&w, p, sizeof w);
  return w;
}
// Nonzero when a byte of w is below n (n <= 128).
constexpr std::uint64_t any_below(std::uint64_t w, unsigned n) noexcept {
  return (w - ones * n) & ~w & highs;
}
// Nonzero when a byte of w is above n (n <= 127).
constexpr std::uint64_t any_above(std::uint64_t w, unsigned n) noexcept {
  return ((w + ones * (127 - n)) | w) & highs;
}
// Nonzero when a byte of w equals c.
constexpr std::uint64_t any_equal(std::uint64_t w, unsigned char c) noexcept {
  return any_below(w ^ (ones * c), 1);
}

// The length of the longest prefix of s of which no word matches `stop` (a word test): the
// words before the first one that matches; the caller goes on byte by byte from there.
template <class Stop>
std::size_t clean_words(std::string_view s, Stop stop) noexcept {
  std::size_t i = 0;
  while (i + 8 <= s.size() && !stop(load(s.data() + i))) i += 8;
  return i;
}

}  // namespace urlscan::frontend::word_bytes
