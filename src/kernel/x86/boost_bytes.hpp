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

// One URL at a time, the trees side by side (BoosterTables' levels): the URL's inputs binned
// once (Ops::bin_url), then per block of 64 trees and per level, the 64 trees' bins looked up
// in the URL's 32 bins (two 16-byte shuffles), compared with the level's cuts and shifted into
// the leaf numbers; Ops::leaf_sum adds the 64 leaves (int32: exact, like the reference).
// ~6 instructions per tree and URL (AVX2, callgrind; the float walk ~90). Depth <= 8.
template <class Ops>
void boost_trees(const BoosterTables& b, const float* x, std::size_t stride, std::size_t n,
                 float* out) {
  using B = typename Ops::B;
  constexpr std::size_t L = Ops::lanes, V = kTreeBlock / L;
  const std::size_t blocks = (b.trees + kTreeBlock - 1) / kTreeBlock;
  const std::size_t block_leaves = kTreeBlock << b.depth;
  alignas(64) std::uint8_t bins[kBinRows];
  alignas(64) std::uint8_t idx[kTreeBlock];
  for (std::size_t i = 0; i < n; ++i) {
    Ops::bin_url(b, x + i, stride, bins);
    const B lo = Ops::table(bins), hi = Ops::table(bins + 16);
    std::int32_t sum = 0;
    const std::uint8_t* lv = b.levels;
    for (std::size_t blk = 0; blk < blocks; ++blk) {
      B ix[V];
      for (auto& v : ix) v = Ops::zero();
      for (std::uint32_t l = 0; l < b.depth; ++l, lv += kLevelBytes)
        for (std::size_t v = 0; v < V; ++v) {
          const B bin = Ops::bor(Ops::shuffle(lo, Ops::loadu(lv + v * L)),
                                 Ops::shuffle(hi, Ops::loadu(lv + kTreeBlock + v * L)));
          ix[v] = Ops::step(ix[v], bin, Ops::loadu(lv + 2 * kTreeBlock + v * L));
        }
      for (std::size_t v = 0; v < V; ++v) Ops::store(idx + v * L, ix[v]);
      sum += Ops::leaf_sum(b.block_leaf + blk * block_leaves, b.depth, idx);
    }
    out[i] += kLeafUnit * static_cast<float>(sum);
  }
}

// `Ops` (a vector width): B byte vector of `lanes` bytes; F float and W int32 vectors of
// lanes / 4 elements. zero(), load(p), set1(byte), step(idx, bins, cut) = idx * 2 + (bins > cut),
// table(p) = 16 bytes in every 128-bit lane, shuffle(table, idx), select(m, a, b) = b where bit 7
// of m, else a; bit4(idx) and bit5(idx) move those bits to bit 7; unpacklo/unpackhi(lo, hi) the
// int16 values of two byte planes (per 128-bit lane), add16; widen(v, lo, hi) adds the int16
// halves of v to two W; zero32(), store32(p, w); loadf(p), set1f(v), count_ge(cnt, x, c) adds
// x >= c, store_bins(p, cnt[4]) packs four W of counts into `lanes` bytes in order. For
// boost_trees: loadu(p), bor(a, b), store(p, v) (aligned), bin_url(b, x, stride, bins) the 32
// bins of one URL, leaf_sum(leaves, depth, idx) the sum of 64 trees' leaves leaves[(j << depth)
// + idx[j]]; `few`: partial blocks of fewer URLs go through boost_trees (wall time, 2026-12-02,
// Xeon with AVX-512: one URL there cost 155-175 ns, a block of 2 * lanes URLs 2.9 us (AVX2) and
// 3.8 us (AVX-512); in instructions under callgrind, AVX2, ~1,050 per URL against 45.8k).
template <class Ops>
void boost_bytes(const BoosterTables& b, const float* x, std::size_t stride, std::size_t n,
                 float* out) {
  using B = typename Ops::B;
  using W = typename Ops::W;
  constexpr std::size_t L = Ops::lanes, U = 2, Q = L / 4, Blk = U * L;
  if (b.depth > kTreeBlockMaxDepth) return kernel_boost_tail(b, x, stride, n, out);
  if (b.depth > 6) return boost_trees<Ops>(b, x, stride, n, out);
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
  if (rest < Ops::few) return boost_trees<Ops>(b, x + i, stride, rest, out + i);
  // A partial block: its inputs copied into a full one (zeros after the last URL).
  for (std::size_t f = 0; f < kBoostInputs; ++f) {
    std::memcpy(padded[f], x + f * stride + i, rest * sizeof(float));
    std::memset(padded[f] + rest, 0, (Blk - rest) * sizeof(float));
  }
  block(&padded[0][0], Blk, out + i, rest);
}

}  // namespace urlscan::detail
