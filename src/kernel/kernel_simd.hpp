// The SIMD kernels, written once with xsimd and instantiated per ISA (each instantiation lives
// in a translation unit compiled with only that ISA's flags).
#pragma once

#include <algorithm>
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
  auto lanes = [&](const float* in, float* out) {
    const fb r = one / (one + xsimd::exp(-(va * fb::load_unaligned(in) + vb)));
    r.store_unaligned(out);
  };
  std::size_t i = 0;
  for (; i + L <= n; i += L) lanes(z + i, p + i);
  // The tail through the lanes too (padded): a score's probability must not depend on where it
  // sits in a batch (std::exp and xsimd::exp differ in the last bit, and the result cache scores
  // its misses as a batch of their own).
  if (i < n) {
    alignas(64) float in[L] = {}, out[L];
    std::copy(z + i, z + n, in);
    lanes(in, out);
    std::copy(out, out + (n - i), p + i);
  }
}

}  // namespace urlscan::detail
