#include "urlscan/cpu.hpp"

#include <atomic>
#include <cstdlib>

#include "kernel/kernel_decl.hpp"

namespace urlscan {
namespace {

bool cpu_has(Isa isa) {
#if defined(__x86_64__) || defined(_M_X64)
  __builtin_cpu_init();
  switch (isa) {
    case Isa::scalar:
      return true;
    case Isa::sse42:
      return __builtin_cpu_supports("sse4.2");
    case Isa::avx2:
      return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    case Isa::avx512:
      return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
             __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512cd");
  }
  return false;
#else
  return isa == Isa::scalar;
#endif
}

std::atomic<int> g_active{-1};

}  // namespace

std::string_view isa_name(Isa isa) noexcept {
  switch (isa) {
    case Isa::scalar:
      return "scalar";
    case Isa::sse42:
      return "sse4.2";
    case Isa::avx2:
      return "avx2";
    case Isa::avx512:
      return "avx512";
  }
  return "?";
}

Status parse_isa(std::string_view name, Isa& out) noexcept {
  if (name == "scalar" || name == "c")
    out = Isa::scalar;
  else if (name == "sse4.2" || name == "sse42" || name == "sse4")
    out = Isa::sse42;
  else if (name == "avx2")
    out = Isa::avx2;
  else if (name == "avx512" || name == "avx-512")
    out = Isa::avx512;
  else
    return errc::bad_isa_name;
  return errc::ok;
}

bool isa_supported(Isa isa) noexcept {
  return detail::isa_compiled(isa) && cpu_has(isa);
}

Isa best_isa() noexcept {
  for (Isa isa : {Isa::avx512, Isa::avx2, Isa::sse42})
    if (isa_supported(isa)) return isa;
  return Isa::scalar;
}

Status force_isa(Isa isa) noexcept {
  if (!isa_supported(isa)) return errc::isa_not_supported;
  g_active.store(static_cast<int>(isa), std::memory_order_relaxed);
  return errc::ok;
}

Status init_isa_from_env() noexcept {
  const char* env = std::getenv("URLSCAN_ISA");
  if (!env || !*env) {
    g_active.store(static_cast<int>(best_isa()), std::memory_order_relaxed);
    return errc::ok;
  }
  Isa isa;
  if (Status s = parse_isa(env, isa); !s) return s;
  return force_isa(isa);
}

Isa active_isa() noexcept {
  int v = g_active.load(std::memory_order_relaxed);
  if (v < 0) {
    // An invalid URLSCAN_ISA falls back to the best ISA here; front ends call
    // init_isa_from_env() first to report it.
    if (!init_isa_from_env()) g_active.store(static_cast<int>(best_isa()));
    v = g_active.load(std::memory_order_relaxed);
  }
  return static_cast<Isa>(v);
}

}  // namespace urlscan
