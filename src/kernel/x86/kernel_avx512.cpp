// Compiled with only the avx512 flags (see src/meson.build).
#include "kernel/kernel_decl.hpp"
#include "kernel/kernel_simd.hpp"

namespace urlscan::detail {

const KernelTable kernel_avx512{gather_sum_simd<xsimd::avx512bw>, sigmoid_simd<xsimd::avx512bw>};

}  // namespace urlscan::detail
