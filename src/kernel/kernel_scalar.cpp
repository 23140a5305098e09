// The scalar reference for every kernel: plain C++, the definition the SIMD versions must match.
#include <cmath>

#include "kernel/kernel_decl.hpp"

namespace urlscan::detail {
namespace {

std::int32_t gather_sum_scalar(const std::int16_t* w, const std::uint32_t* idx, std::size_t n) {
  std::int32_t s = 0;
  for (std::size_t i = 0; i < n; ++i) s += w[idx[i]];
  return s;
}

void sigmoid_scalar(const float* z, float* p, std::size_t n, float a, float b) {
  for (std::size_t i = 0; i < n; ++i) p[i] = 1.0f / (1.0f + std::exp(-(a * z[i] + b)));
}

}  // namespace

const KernelTable kernel_scalar{gather_sum_scalar, sigmoid_scalar};

}  // namespace urlscan::detail
