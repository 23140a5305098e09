// n-gram hashing with x86 intrinsics, 4 positions per 128-bit lane: each lane loads the 16
// bytes at its first position and one byte shuffle builds the low and the high 4 bytes of the 4
// windows. Included only by the per-ISA translation units (each compiled with its flags).
#pragma once

#include <immintrin.h>

#include <cstdint>
#include <cstring>

#include "kernel/kernel.hpp"

namespace urlscan::detail {

// Window j of a lane = bytes j..j+3 (low) and j+4..j+7 (high).
#define URLSCAN_LO_PATTERN 0, 1, 2, 3, 1, 2, 3, 4, 2, 3, 4, 5, 3, 4, 5, 6
#define URLSCAN_HI_PATTERN 4, 5, 6, 7, 5, 6, 7, 8, 6, 7, 8, 9, 7, 8, 9, 10

inline void ngram_masks(int n, std::uint32_t& mlo, std::uint32_t& mhi) {
  mlo = n >= 4 ? 0xffffffffu : (1u << (8 * n)) - 1;
  mhi = n >= 8 ? 0xffffffffu : n <= 4 ? 0u : (1u << (8 * (n - 4))) - 1;
}

// Vec: a lane-count traits type providing load(p), lo/hi shuffles and the arithmetic.
template <class V>
std::size_t hash_ngrams_x86(const char* p, std::size_t size, int lo, int hi, const NgramSeeds& s,
                            std::uint32_t shift, std::uint32_t* out) {
  constexpr std::size_t L = V::lanes;  // positions per step
  std::size_t k = 0;
  for (int n = lo; n <= hi; ++n) {
    if (static_cast<std::size_t>(n) > size) break;
    const std::size_t count = size - n + 1;
    std::uint32_t mlo, mhi;
    ngram_masks(n, mlo, mhi);
    const auto vmlo = V::set1(mlo), vmhi = V::set1(mhi);
    const auto slo = V::set1(s.lo[n]), shi = V::set1(s.hi[n]);
    const auto k1 = V::set1(kNgramK1), k2 = V::set1(kNgramK2), k3 = V::set1(kNgramK3);
    for (std::size_t i = 0; i < count; i += L) {
      const auto bytes = V::load(p + i);
      const auto a = V::bxor(V::band(V::shuffle_lo(bytes), vmlo), slo);
      const auto b = V::bxor(V::band(V::shuffle_hi(bytes), vmhi), shi);
      const auto h1 = V::add(V::mul(a, k1), V::mul(b, k2));
      const auto h = V::srl(V::mul(V::bxor(h1, V::srl(h1, 15)), k3), shift);
      V::store(out + k + i, h);  // may write up to L-1 entries past count: overwritten next
    }
    k += count;
  }
  return k;
}

}  // namespace urlscan::detail
