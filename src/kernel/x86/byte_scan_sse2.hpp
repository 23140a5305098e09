// Byte scans over a record and a URL path, 16 bytes at a time with SSE2 (in every x86-64).
// Included only by the per-ISA translation units; `static` so that each keeps its own copy
// (tests/isa_symbols_test.sh: no weak symbol shared between ISA objects).
#pragma once

#include <emmintrin.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "kernel/kernel.hpp"

namespace urlscan::detail {

// A signed byte compare catches both < 0x20 and >= 0x80; 0x7f is tested apart.
static std::size_t printable_prefix_sse2(const char* p, std::size_t n) {
  const __m128i space = _mm_set1_epi8(0x20), del = _mm_set1_epi8(0x7f);
  std::size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    const auto bad = static_cast<unsigned>(
        _mm_movemask_epi8(_mm_or_si128(_mm_cmplt_epi8(v, space), _mm_cmpeq_epi8(v, del))));
    if (bad) return i + static_cast<std::size_t>(__builtin_ctz(bad));
  }
  for (; i < n; ++i) {
    const auto c = static_cast<unsigned char>(p[i]);
    if (c < 0x20 || c >= 0x7f) return i;
  }
  return n;
}

// Byte compares summed per lane, masks for the words; the last partial block is loaded to end
// at the last byte (overlapping the one before, whose lanes are masked out of the counts) or,
// for a path under 16 bytes, copied into a zeroed block. A byte-at-a-time loop with nine
// counters was the featurizer's largest cost.
static void scan_path_sse2(const char* path, std::size_t size, PathScan& r) {
  const auto* p = reinterpret_cast<const unsigned char*>(path);
  const std::size_t n = std::min(size, kMaxPathScan);
  for (std::size_t w = 0; w <= std::min(n / 64 + 1, r.word.size() - 1); ++w) r.word[w] = 0;
  r.double_slash = false;
  r.last = n ? p[n - 1] : 0;
  const __m128i zero = _mm_setzero_si128();
  __m128i c_upper = zero, c_slash = zero, c_pct = zero, c_digit = zero, c_dot = zero, c_hyph = zero,
          c_under = zero;
  std::uint32_t double_slashes = 0, slash_carry = 0;
  // Bytes in [lo, lo + width]: unsigned, as min(v - lo, width) == v - lo.
  auto in_range = [](__m128i v, char lo, char width) {
    const __m128i t = _mm_sub_epi8(v, _mm_set1_epi8(lo));
    return _mm_cmpeq_epi8(_mm_min_epu8(t, _mm_set1_epi8(width)), t);
  };
  // One block at byte `at`; `counted`: lanes counted (0xff), the others seen before.
  auto block = [&](__m128i v, std::size_t at, __m128i counted) {
    const __m128i slash = _mm_cmpeq_epi8(v, _mm_set1_epi8('/'));
    const __m128i up = in_range(v, 'A', 25), digit = in_range(v, '0', 9);
    const __m128i alnum = _mm_or_si128(_mm_or_si128(up, digit), in_range(v, 'a', 25));
    // A compare gives -1 per matching byte: subtracting counts it (at most 64 per lane).
    auto count = [&](__m128i& c, __m128i match) {
      c = _mm_sub_epi8(c, _mm_and_si128(match, counted));
    };
    count(c_upper, up);
    count(c_digit, digit);
    count(c_slash, slash);
    count(c_pct, _mm_cmpeq_epi8(v, _mm_set1_epi8('%')));
    count(c_dot, _mm_cmpeq_epi8(v, _mm_set1_epi8('.')));
    count(c_hyph, _mm_cmpeq_epi8(v, _mm_set1_epi8('-')));
    count(c_under, _mm_cmpeq_epi8(v, _mm_set1_epi8('_')));
    // Seen-before lanes repeat what is known: "//" and word bits are ORed, so that is harmless.
    const auto s = static_cast<std::uint32_t>(_mm_movemask_epi8(slash));
    double_slashes |= s & ((s << 1) | slash_carry);
    slash_carry = s >> 15;
    const auto w = static_cast<std::uint64_t>(static_cast<std::uint32_t>(
        _mm_movemask_epi8(alnum) | _mm_movemask_epi8(v)));  // high bit: non-ASCII
    r.word[at / 64] |= w << (at % 64);
    if (at % 64 > 48) r.word[at / 64 + 1] |= w >> (64 - at % 64);
  };
  const __m128i all = _mm_set1_epi8(-1);
  std::size_t i = 0;
  for (; i + 16 <= n; i += 16)
    block(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i)), i, all);
  if (i < n && n >= 16) {
    // The last n - i lanes are new. The pair across the block's first lane was checked before.
    alignas(16) static constexpr unsigned char kTail[32] = {
        0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,
        0,    0,    0,    0,    0,    0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    slash_carry = 0;
    block(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + n - 16)), n - 16,
          _mm_loadu_si128(reinterpret_cast<const __m128i*>(kTail + (n - i))));
  } else if (i < n) {
    // Under 16 bytes: a zeroed block (a zero byte matches nothing counted).
    alignas(16) unsigned char tmp[16] = {};
    if (n >= 8) {
      std::memcpy(tmp, p, 8);
      std::memcpy(tmp + n - 8, p + n - 8, 8);
    } else if (n >= 4) {
      std::memcpy(tmp, p, 4);
      std::memcpy(tmp + n - 4, p + n - 4, 4);
    } else {
      for (std::size_t k = 0; k < n; ++k) tmp[k] = p[k];
    }
    block(_mm_load_si128(reinterpret_cast<const __m128i*>(tmp)), 0, all);
  }
  auto total = [&](__m128i c) {
    const __m128i sum = _mm_sad_epu8(c, zero);
    return _mm_cvtsi128_si32(sum) + _mm_cvtsi128_si32(_mm_unpackhi_epi64(sum, sum));
  };
  r.upper = total(c_upper);
  r.digits = total(c_digit);
  r.slashes = total(c_slash);
  r.escapes = total(c_pct);
  r.dots = total(c_dot);
  r.hyphens = total(c_hyph);
  r.underscores = total(c_under);
  r.double_slash = double_slashes != 0;
}

}  // namespace urlscan::detail
