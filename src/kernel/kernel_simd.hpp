// The SIMD kernels, written once with xsimd and instantiated per ISA (each instantiation lives
// in a translation unit compiled with only that ISA's flags).
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <xsimd/xsimd.hpp>

#include "kernel/kernel.hpp"

namespace urlscan::detail {

template <class Arch>
std::int32_t gather_sum_simd(const Weight* w, const std::uint32_t* idx, std::size_t n) {
  using ib = xsimd::batch<std::int32_t, Arch>;
  constexpr std::size_t L = ib::size;
  // int8 weights are gathered as the aligned int32 word that holds them, then the wanted byte
  // is moved to the top and sign-extended back down. Exact integer arithmetic: the sum equals
  // the scalar reference bit for bit.
  const auto* w32 = reinterpret_cast<const std::int32_t*>(w);
  ib acc(0);
  const ib three(3);
  std::size_t i = 0;
  for (; i + L <= n; i += L) {
    ib index = ib::load_unaligned(reinterpret_cast<const std::int32_t*>(idx + i));
    ib word = ib::gather(w32, index >> 2);
    ib shift = ((~index) & three) << 3;  // byte k of the word -> shift 8 * (3 - k)
    acc += (word << shift) >> 24;
  }
  std::int32_t s = xsimd::hadd(acc);
  for (; i < n; ++i) s += w[idx[i]];
  return s;
}

template <class Arch>
void sigmoid_simd(const float* z, float* p, std::size_t n, float a, float b) {
  using fb = xsimd::batch<float, Arch>;
  constexpr std::size_t L = fb::size;
  const fb va(a), vb(b), one(1.0f);
  std::size_t i = 0;
  for (; i + L <= n; i += L) {
    fb x = fb::load_unaligned(z + i);
    fb r = one / (one + xsimd::exp(-(va * x + vb)));
    r.store_unaligned(p + i);
  }
  for (; i < n; ++i) p[i] = 1.0f / (1.0f + std::exp(-(a * z[i] + b)));
}

}  // namespace urlscan::detail
