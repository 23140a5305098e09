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

}  // namespace urlscan::detail
