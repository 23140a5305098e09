// The SIMD scoring kernels and their scalar reference. One table per ISA; every table must agree
// with the scalar one (bit for bit for the integer sums).
#pragma once

#include <cstddef>
#include <cstdint>

#include "urlscan/cpu.hpp"

namespace urlscan {

struct KernelTable {
  // Sum of w[idx[i]] for i < n, in int32. `w` must have 16 bytes of readable padding past its
  // last used element.
  std::int32_t (*gather_sum)(const std::int16_t* w, const std::uint32_t* idx, std::size_t n);
  // p[i] = 1 / (1 + exp(-(a * z[i] + b))) for i < n.
  void (*sigmoid)(const float* z, float* p, std::size_t n, float a, float b);
};

// Kernels for one ISA (the CPU must support it); `kernels()` for the active ISA.
const KernelTable& kernels_for(Isa isa) noexcept;
const KernelTable& kernels() noexcept;

}  // namespace urlscan
