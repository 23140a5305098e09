// Internal: the per-ISA kernel tables, each defined in its own translation unit compiled with
// only that ISA's flags.
#pragma once

#include "kernel/kernel.hpp"
#include "urlscan/cpu.hpp"

namespace urlscan::detail {

extern const KernelTable kernel_scalar;
#if URLSCAN_HAVE_X86_KERNELS
extern const KernelTable kernel_sse42;
extern const KernelTable kernel_avx2;
extern const KernelTable kernel_avx512;
#endif

bool isa_compiled(Isa isa) noexcept;

// The scalar bin walk (kernel_scalar.cpp: the scalar table's boost, for any depth), for the
// SIMD kernels' depths and batch sizes they do not take.
void kernel_boost_tail(const BoosterTables& b, const float* x, std::size_t stride, std::size_t n,
                       float* out);
// bins[f] for f < kBinRows: input f of the URL at x[f * stride] binned (BoosterTables), 0 past
// kBoostInputs.
void kernel_bin_url(const BoosterTables& b, const float* x, std::size_t stride, std::uint8_t* bins);

}  // namespace urlscan::detail
