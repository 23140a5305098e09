// The SIMD scoring kernels and their scalar reference. One table per ISA; every table must agree
// with the scalar one (bit for bit for the integer sums).
#pragma once

#include <cstddef>
#include <cstdint>

#include "urlscan/cpu.hpp"

namespace urlscan {

// Seeds of one n-gram family: for each n in 1..8, the XOR seeds of the low and high 4 bytes.
struct NgramSeeds {
  std::uint32_t lo[9];
  std::uint32_t hi[9];
};

struct KernelTable {
  // Hashes every n-gram (n in [lo, hi], n-outer then position order) of p[0, size) into
  // table indices: with w the 8 bytes at a position (little-endian), a = w & mask(n) low 32
  // bits, b = the high 32 bits, h = (a ^ s.lo[n]) * K1 + (b ^ s.hi[n]) * K2, then
  // h = (h ^ (h >> 15)) * K3, index = h >> shift (all 32-bit arithmetic). `p` must have 32 readable
  // bytes past `size`; `out` room for (hi - lo + 1) * size + 16 entries. Returns the number of
  // indices written.
  std::size_t (*hash_ngrams)(const char* p, std::size_t size, int lo, int hi,
                             const NgramSeeds& seeds, std::uint32_t shift, std::uint32_t* out);
  // Sum of w[idx[i]] for i < n, in int32. `w` must have 16 bytes of readable padding past its
  // last used element.
  std::int32_t (*gather_sum)(const std::int16_t* w, const std::uint32_t* idx, std::size_t n);
  // p[i] = 1 / (1 + exp(-(a * z[i] + b))) for i < n.
  void (*sigmoid)(const float* z, float* p, std::size_t n, float a, float b);
};

// Kernels for one ISA (the CPU must support it); `kernels()` for the active ISA.
inline constexpr std::uint32_t kNgramK1 = 0x9e3779b1u, kNgramK2 = 0x85ebca77u,
                               kNgramK3 = 0xc2b2ae3du;

const KernelTable& kernels_for(Isa isa) noexcept;
const KernelTable& kernels() noexcept;

}  // namespace urlscan
