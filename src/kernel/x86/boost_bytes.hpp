// Boosted trees of depth <= 6 on bytes, for SSE4.2, AVX2 and AVX-512 (one template, a vector
// width per `Ops`). Each input is first binned (the number of its cuts <= x, one byte per URL),
// so a tree level is one byte compare for 16/32/64 URLs at once; the 64 leaves (int16) are
// looked up as two byte planes with 16-entry table shuffles. The float version (permutes over
// 8 float leaves, 8 URLs per AVX2 vector) cost ~5 instructions per URL and tree; this one ~1.7.
// Sums are exact integers: bit-identical to the scalar reference.
#pragma once

#include <immintrin.h>

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "kernel/kernel_decl.hpp"
#include "urlscan/booster.hpp"

namespace urlscan::detail {

// The scalar tree walk, for the last few URLs and for depths above 6 (kernel_scalar.cpp).
void kernel_boost_tail(const BoosterTables& b, const float* x, std::size_t stride, std::size_t n,
                       float* out);

// `Ops` (a vector width): B byte vector of `lanes` bytes; F float and W int32 vectors of
// lanes / 4 elements. zero(), load(p), set1(byte), step(idx, bins, cut) = idx * 2 + (bins > cut),
// table(p) = 16 bytes in every 128-bit lane, shuffle(table, idx), select(m, a, b) = b where bit 7
// of m, else a; bit4(idx) and bit5(idx) move those bits to bit 7; unpacklo/unpackhi(lo, hi) the
// int16 values of two byte planes (per 128-bit lane), add16; widen(v, lo, hi) adds the int16
// halves of v to two W; zero32(), store32(p, w); loadf(p), set1f(v), count_ge(cnt, x, c) adds
// x >= c, store_bins(p, cnt[4]) packs four W of counts into `lanes` bytes in order.
template <class Ops>
void boost_bytes(const BoosterTables& b, const float* x, std::size_t stride, std::size_t n,
                 float* out) {
  using B = typename Ops::B;
  using W = typename Ops::W;
  constexpr std::size_t L = Ops::lanes, U = 2, Q = L / 4, Blk = U * L;
  if (b.depth > 6) return kernel_boost_tail(b, x, stride, n, out);
  alignas(64) std::uint8_t bins[kBoostInputs][Blk];
  alignas(64) std::int32_t sums[4 * Q];
  alignas(64) float padded[kBoostInputs][Blk];

  // One block of Blk URLs whose input f is at in[f * in_stride + i]; adds to o[0, m).
  auto block = [&](const float* in, std::size_t in_stride, float* o, std::size_t m) {
    for (std::size_t f = 0; f < kBoostInputs; ++f) {
      const float* cut = b.cuts + b.cut_begin[f];
      const std::size_t nc = b.cut_begin[f + 1] - b.cut_begin[f];
      if (nc == 0) continue;  // no split reads this input
      W cnt[U][4];
      for (auto& cu : cnt)
        for (auto& c : cu) c = Ops::zero32();
      const float* row = in + f * in_stride;
      for (std::size_t c = 0; c < nc; ++c) {
        const auto th = Ops::set1f(cut[c]);
        for (std::size_t u = 0; u < U; ++u)
          for (std::size_t k = 0; k < 4; ++k)
            cnt[u][k] = Ops::count_ge(cnt[u][k], Ops::loadf(row + u * L + k * Q), th);
      }
      for (std::size_t u = 0; u < U; ++u) Ops::store_bins(bins[f] + u * L, cnt[u]);
    }
    B acc16[U][2];
    W acc32[U][4];
    for (std::size_t u = 0; u < U; ++u) {
      acc16[u][0] = acc16[u][1] = Ops::zero();
      for (auto& a : acc32[u]) a = Ops::zero32();
    }
    const std::uint8_t* feat = b.feature;
    const std::uint8_t* cut = b.cut;
    for (std::uint32_t t = 0; t < b.trees; ++t) {
      B idx[U];
      for (auto& v : idx) v = Ops::zero();
      for (std::uint32_t l = 0; l < b.depth; ++l, ++feat, ++cut) {
        const B c = Ops::set1(*cut);
        for (std::size_t u = 0; u < U; ++u)
          idx[u] = Ops::step(idx[u], Ops::load(bins[*feat] + u * L), c);
      }
      const std::uint8_t* pl = b.planes + std::size_t{t} * 128;
      B tab[8];
      for (std::size_t q = 0; q < 8; ++q) tab[q] = Ops::table(pl + 16 * q);
      for (std::size_t u = 0; u < U; ++u) {
        const B m4 = Ops::bit4(idx[u]), m5 = Ops::bit5(idx[u]);
        auto plane = [&](const B* tq) {
          return Ops::select(
              m5, Ops::select(m4, Ops::shuffle(tq[0], idx[u]), Ops::shuffle(tq[1], idx[u])),
              Ops::select(m4, Ops::shuffle(tq[2], idx[u]), Ops::shuffle(tq[3], idx[u])));
        };
        const B lo = plane(tab), hi = plane(tab + 4);
        acc16[u][0] = Ops::add16(acc16[u][0], Ops::unpacklo(lo, hi));
        acc16[u][1] = Ops::add16(acc16[u][1], Ops::unpackhi(lo, hi));
      }
      if (b.flush[t])  // the run's 16-bit sums cannot have overflowed (Booster::index)
        for (std::size_t u = 0; u < U; ++u) {
          Ops::widen(acc16[u][0], acc32[u][0], acc32[u][1]);
          Ops::widen(acc16[u][1], acc32[u][2], acc32[u][3]);
          acc16[u][0] = acc16[u][1] = Ops::zero();
        }
    }
    for (std::size_t u = 0; u < U; ++u) {
      for (std::size_t k = 0; k < 4; ++k) Ops::store32(sums + k * Q, acc32[u][k]);
      // sums[k]: int16 position p = k % (2Q) of unpacklo (k < 2Q) or unpackhi; position p is
      // 128-bit lane p / 8, element p % 8 of that lane's 8 (lo) or last 8 (hi) URLs.
      for (std::size_t k = 0; k < 4 * Q; ++k) {
        const std::size_t p = k % (2 * Q);
        const std::size_t url = u * L + (p / 8) * 16 + (k >= 2 * Q ? 8 : 0) + p % 8;
        if (url < m) o[url] += kLeafUnit * static_cast<float>(sums[k]);
      }
    }
  };

  std::size_t i = 0;
  for (; i + Blk <= n; i += Blk) block(x + i, stride, out + i, Blk);
  const std::size_t rest = n - i;
  if (rest == 0) return;
  if (rest < L / 2) return kernel_boost_tail(b, x + i, stride, rest, out + i);
  // A partial block: its inputs copied into a full one (zeros after the last URL).
  for (std::size_t f = 0; f < kBoostInputs; ++f) {
    std::memcpy(padded[f], x + f * stride + i, rest * sizeof(float));
    std::memset(padded[f] + rest, 0, (Blk - rest) * sizeof(float));
  }
  block(&padded[0][0], Blk, out + i, rest);
}

}  // namespace urlscan::detail
