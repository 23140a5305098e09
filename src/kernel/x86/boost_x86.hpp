// Boosted-tree evaluation with in-register leaf lookup for depth-6 trees (64 leaves): on AMD
// Zen 4 a gather of 8 leaves cost ~11 cycles and was 60% of the trees' time; permutes over
// leaves held in registers are a few single-cycle instructions. Other depths use the generic
// gather kernel (kernel_simd.hpp). Sums in tree order: bit-identical to the scalar reference.
#pragma once

#include <immintrin.h>

#include "kernel/kernel_simd.hpp"

namespace urlscan::detail {

// `Ops`: as for boost_blocks, with lookup() for exactly 64 leaves.
template <class Ops, class Arch>
void boost_x86(const BoosterTables& b, const float* x, std::size_t stride, std::size_t n,
               float* out) {
  if (b.depth == 6)
    boost_blocks<Ops>(b, x, stride, n, out);
  else
    boost_simd<Arch>(b, x, stride, n, out);
}

}  // namespace urlscan::detail
