// Compiled with only the sse42 flags (see src/meson.build).
#include "kernel/kernel_decl.hpp"
#include "kernel/kernel_simd.hpp"

namespace urlscan::detail {

const KernelTable kernel_sse42{gather_sum_simd<xsimd::sse4_2>, sigmoid_simd<xsimd::sse4_2>};

}  // namespace urlscan::detail
