// Internal: the SIMD scoring kernels and their scalar reference. One table per ISA; every table
// must agree with the scalar one (bit for bit for the integer sums). Not installed: a library
// user reaches the kernels through Scorer and Featurizer only.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>

#include "features/featurizer.hpp"
#include "urlscan/booster.hpp"
#include "urlscan/cpu.hpp"
#include "urlscan/export.hpp"
#include "urlscan/model.hpp"

namespace urlscan {

// Oblivious trees as flat tables (see booster.hpp): tree t tests input feature[t * depth + l]
// against threshold[t * depth + l] at level l; the outcomes (1 when x >= threshold), first level
// most significant, index the tree's 2^depth integer leaves at leaf[t << depth]. The same tests
// as byte compares: input f's value binned as the number of cuts[cut_begin[f] ..
// cut_begin[f + 1]) that are <= x, bit 1 when that number > cut[t * depth + l]. `planes`: per
// tree 128 bytes, the low bytes of leaves 0..63, then the high bytes (depth <= 6 only).
//
// For one URL at a time, the trees side by side (depth <= kTreeBlockMaxDepth):
// - bin_cut: kBinRows rows of 2^bin_log2 floats, row f input f's cuts ascending, then NaN (no
//   row is full). An input's bin is the length of the row's prefix of cuts <= x (NaN x: 0, as
//   x >= t is false), found by a binary search of bin_steps[f] halvings (0: no cuts) or of
//   bin_log2 for every row alike (the NaN tail is never <= x).
// - levels: per block of kTreeBlock trees (the last padded with trees that never split), per
//   level, kLevelBytes bytes: the 64 trees' input numbers as byte-shuffle indices into bins
//   0..15 (0x80 where the input is 16 or more: the shuffle gives 0), the same into bins 16..31
//   (0x80 below 16), then the 64 cut bytes.
// - block_leaf: `leaf` with the padding trees' leaves (zeros) after it, then 2 zeros, so that a
//   32-bit gather at any leaf stays inside.
inline constexpr std::size_t kBinRows = 32, kTreeBlock = 64, kLevelBytes = 3 * kTreeBlock;
inline constexpr std::uint32_t kTreeBlockMaxDepth = 8;  // leaf numbers fit in a byte
static_assert(kBoostInputs <= kBinRows, "bins are looked up in a 32-byte table");
struct BoosterTables {
  const std::uint8_t* feature;
  const float* threshold;
  const std::int16_t* leaf;
  const float* cuts;
  const std::uint32_t* cut_begin;
  const std::uint8_t* cut;
  const std::uint8_t* planes;
  const std::uint8_t* flush;  // per tree: 1 where 16-bit partial sums are widened after it
  const float* bin_cut;
  const std::uint8_t* bin_steps;
  const std::uint8_t* levels;
  const std::int16_t* block_leaf;
  std::uint32_t trees;
  std::uint32_t depth;
  std::uint32_t bin_log2;
};

// Bytes that must be readable past the end of any input handed to a kernel (their contents are
// ignored). The widest ISA's n-gram hash loads 16 bytes at positions 4 apart, up to 27 bytes past
// the last byte; every buffer made for the kernels holds this many (static_assert where made).
inline constexpr std::size_t kKernelPadding = 32;
// Entries hash_ngrams may write past the indices it returns (the widest store, 16 lanes).
inline constexpr std::size_t kKernelOutSlack = 16;
// scan_path looks at most at this many bytes of a path.
inline constexpr std::size_t kMaxPathScan = 1024;
static_assert(kMaxPartLen <= kMaxPathScan);

// Counts over a URL path's first bytes (at most kMaxPathScan) and where its words are.
struct PathScan {
  int upper = 0, slashes = 0, escapes = 0, digits = 0, dots = 0, hyphens = 0, underscores = 0;
  bool double_slash = false;
  unsigned char last = 0;  // the last byte scanned ("//" across the cap)
  // Bit i: byte i is a letter, digit or non-ASCII byte (part of a word). Words 0 ..
  // min(n / 64 + 1, 15) are written; the bits of bytes past n there are 0, later words are left
  // as they were (zeroing them cost more than the scan).
  std::array<std::uint64_t, kMaxPathScan / 64> word;

  // The first byte at or after `from` (below n) whose word bit equals `in_word`, else n.
  std::size_t next(std::size_t from, bool in_word, std::size_t n) const {
    if (from >= n) return n;
    std::size_t w = from / 64;
    std::uint64_t bits = (in_word ? word[w] : ~word[w]) & (~0ULL << (from % 64));
    while (bits == 0) {
      if (++w * 64 >= n) return n;
      bits = in_word ? word[w] : ~word[w];
    }
    return std::min(n, w * 64 + static_cast<std::size_t>(__builtin_ctzll(bits)));
  }
};

struct KernelTable {
  // Hashes every n-gram (n in [lo, hi], n-outer then position order) of p[0, size) into
  // table indices: with w the 8 bytes at a position (little-endian), a = w & mask(n) low 32
  // bits, b = the high 32 bits, h = (a ^ s.lo[n]) * K1 + (b ^ s.hi[n]) * K2, then
  // h = (h ^ (h >> 15)) * K3, index = h >> shift (all 32-bit arithmetic). `p` must have
  // kKernelPadding readable bytes past `size`; `out` room for (hi - lo + 1) * size +
  // kKernelOutSlack entries. Returns the number of indices written.
  std::size_t (*hash_ngrams)(const char* p, std::size_t size, int lo, int hi,
                             const NgramSeeds& seeds, std::uint32_t shift, std::uint32_t* out);
  // Sum of w[idx[i]] for i < n, in int32. `w` must be 4-byte aligned with a size that is a
  // multiple of 4 (the SIMD kernels gather the aligned 32-bit word holding each weight).
  std::int32_t (*gather_sum)(const Weight* w, const std::uint32_t* idx, std::size_t n);
  // p[i] = 1 / (1 + exp(-(a * z[i] + b))) for i < n.
  void (*sigmoid)(const float* z, float* p, std::size_t n, float a, float b);
  // out[i] += kLeafUnit * (the sum of every tree's leaf), for i < n. `x` is input-major: input f
  // of URL i at x[f * stride + i], stride >= n. Integer sums: every ISA agrees bit for bit with
  // boost_reference.
  void (*boost)(const BoosterTables& b, const float* x, std::size_t stride, std::size_t n,
                float* out);
  // The index of the first byte of p[0, n) outside printable ASCII (0x20..0x7e), else n. Reads
  // only inside p[0, n).
  std::size_t (*printable_prefix)(const char* p, std::size_t n);
  // Fills `out` for the bytes p[0, min(n, kMaxPathScan)) (see PathScan). Reads only inside them.
  void (*scan_path)(const char* p, std::size_t n, PathScan& out);
};

// Kernels for one ISA (the CPU must support it); `kernels()` for the active ISA.
inline constexpr std::uint32_t kNgramK1 = 0x9e3779b1u, kNgramK2 = 0x85ebca77u,
                               kNgramK3 = 0xc2b2ae3du;

[[nodiscard]] URLSCAN_API const KernelTable& kernels_for(Isa isa) noexcept;
[[nodiscard]] URLSCAN_API const KernelTable& kernels() noexcept;

// Row stride of the booster's input-major batch of n URLs (KernelTable::boost): a multiple of
// 16 floats, never a multiple of 1 KiB (rows a power of two apart share L1 sets and evict each
// other).
inline std::size_t boost_stride(std::size_t n) noexcept {
  const std::size_t s = (n + 15) & ~std::size_t{15};
  return s % 256 == 0 ? s + 16 : s;
}

// The booster's tables as the kernels read them (its derived tables are private to it).
[[nodiscard]] URLSCAN_API BoosterTables booster_tables(const Booster& b) noexcept;

// The definition every KernelTable::boost must equal: the float walk, x >= threshold per level.
URLSCAN_API void boost_reference(const BoosterTables& b, const float* x, std::size_t stride,
                                 std::size_t n, float* out) noexcept;

}  // namespace urlscan
