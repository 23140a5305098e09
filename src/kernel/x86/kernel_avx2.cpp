// Compiled with only the avx2 flags (see src/meson.build).
#include "kernel/kernel_decl.hpp"
#include "kernel/kernel_simd.hpp"

namespace urlscan::detail {

const KernelTable kernel_avx2{gather_sum_simd<xsimd::avx2>, sigmoid_simd<xsimd::avx2>};

}  // namespace urlscan::detail
