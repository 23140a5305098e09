#include "kernel/kernel_decl.hpp"

namespace urlscan {

namespace detail {
bool isa_compiled(Isa isa) noexcept {
#if URLSCAN_HAVE_X86_KERNELS
  (void)isa;
  return true;
#else
  return isa == Isa::scalar;
#endif
}
}  // namespace detail

const KernelTable& kernels_for(Isa isa) noexcept {
#if URLSCAN_HAVE_X86_KERNELS
  switch (isa) {
    case Isa::sse42:
      return detail::kernel_sse42;
    case Isa::avx2:
      return detail::kernel_avx2;
    case Isa::avx512:
      return detail::kernel_avx512;
    case Isa::scalar:
      break;
  }
#else
  (void)isa;
#endif
  return detail::kernel_scalar;
}

const KernelTable& kernels() noexcept {
  return kernels_for(active_isa());
}

}  // namespace urlscan
