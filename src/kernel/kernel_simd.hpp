// The SIMD kernels, written once with xsimd and instantiated per ISA (each instantiation lives
// in a translation unit compiled with only that ISA's flags).
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <xsimd/xsimd.hpp>

#include "urlscan/kernel.hpp"

namespace urlscan::detail {

// The scalar tree walk, for the URLs after the last full SIMD block (defined in kernel_scalar.cpp).
void kernel_boost_tail(const BoosterTables& b, const float* x, std::size_t stride, std::size_t n,
                       float* out);

template <class Arch>
std::int32_t gather_sum_simd(const std::int16_t* w, const std::uint32_t* idx, std::size_t n) {
  using ib = xsimd::batch<std::int32_t, Arch>;
  constexpr std::size_t L = ib::size;
  // int16 weights are gathered as the aligned int32 pair that holds them, then the wanted half
  // is moved to the top and sign-extended back down. Exact integer arithmetic: the sum equals
  // the scalar reference bit for bit.
  const auto* w32 = reinterpret_cast<const std::int32_t*>(w);
  ib acc(0);
  const ib one(1);
  std::size_t i = 0;
  for (; i + L <= n; i += L) {
    ib index = ib::load_unaligned(reinterpret_cast<const std::int32_t*>(idx + i));
    ib pair = ib::gather(w32, index >> 1);
    ib shift = ((~index) & one) << 4;  // even index: low half -> shift 16; odd: 0
    acc += (pair << shift) >> 16;
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

// Trees outer, URLs inner in blocks of 4 vectors: each (tree, level) threshold is broadcast once
// per block, and the four index computations are independent chains. `Ops` supplies the vector
// types and steps: V (float vector), I (leaf index vector), lanes, load(const float*),
// set1(float), zero(), step(I idx, V x, V th) = idx * 2 + (x >= th), lookup(const float* leaves,
// I idx), add(V, V), store(float*, V).
template <class Ops>
void boost_blocks(const BoosterTables& b, const float* x, std::size_t stride, std::size_t n,
                  float* out) {
  using V = typename Ops::V;
  using I = typename Ops::I;
  constexpr std::size_t L = Ops::lanes, U = 4;
  std::size_t i = 0;
  for (; i + U * L <= n; i += U * L) {
    V acc[U];
    for (std::size_t u = 0; u < U; ++u) acc[u] = Ops::load(out + i + u * L);
    const std::uint8_t* feat = b.feature;
    const float* thr = b.threshold;
    const float* leaf = b.leaf;
    for (std::uint32_t t = 0; t < b.trees; ++t, leaf += std::size_t{1} << b.depth) {
      I idx[U];
      for (std::size_t u = 0; u < U; ++u) idx[u] = Ops::zero();
      for (std::uint32_t l = 0; l < b.depth; ++l, ++feat, ++thr) {
        const float* row = x + std::size_t{*feat} * stride + i;
        const V th = Ops::set1(*thr);
        for (std::size_t u = 0; u < U; ++u) idx[u] = Ops::step(idx[u], Ops::load(row + u * L), th);
      }
      for (std::size_t u = 0; u < U; ++u) acc[u] = Ops::add(acc[u], Ops::lookup(leaf, idx[u]));
    }
    for (std::size_t u = 0; u < U; ++u) Ops::store(out + i + u * L, acc[u]);
  }
  if (i < n) kernel_boost_tail(b, x + i, stride, n - i, out + i);
}

// Any depth, with xsimd: the leaf index is built in float (exact below 2^24) and the leaves
// gathered.
template <class Arch>
struct XsimdBoostOps {
  using V = xsimd::batch<float, Arch>;
  using I = V;
  static constexpr std::size_t lanes = V::size;
  static V load(const float* p) { return V::load_unaligned(p); }
  static V set1(float v) { return V(v); }
  static I zero() { return V(0.0f); }
  static I step(I idx, V x, V th) { return idx + idx + xsimd::select(x >= th, V(1.0f), V(0.0f)); }
  static V lookup(const float* leaf, I idx) { return V::gather(leaf, xsimd::to_int(idx)); }
  static V add(V a, V b) { return a + b; }
  static void store(float* p, V v) { v.store_unaligned(p); }
};

template <class Arch>
void boost_simd(const BoosterTables& b, const float* x, std::size_t stride, std::size_t n,
                float* out) {
  boost_blocks<XsimdBoostOps<Arch>>(b, x, stride, n, out);
}

}  // namespace urlscan::detail
