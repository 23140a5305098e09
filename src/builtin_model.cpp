#include "builtin_model.hpp"

#if URLSCAN_HAVE_BUILTIN_MODEL
extern "C" const unsigned char urlscan_builtin_model_begin[];
extern "C" const unsigned char urlscan_builtin_model_end[];
extern "C" const unsigned char urlscan_builtin_allowlist_begin[];
extern "C" const unsigned char urlscan_builtin_allowlist_end[];
#endif

namespace urlscan::detail {

std::span<const unsigned char> builtin_model_bytes() noexcept {
#if URLSCAN_HAVE_BUILTIN_MODEL
  return {urlscan_builtin_model_begin, urlscan_builtin_model_end};
#else
  return {};
#endif
}

std::span<const unsigned char> builtin_allowlist_bytes() noexcept {
#if URLSCAN_HAVE_BUILTIN_MODEL
  return {urlscan_builtin_allowlist_begin, urlscan_builtin_allowlist_end};
#else
  return {};
#endif
}

}  // namespace urlscan::detail
