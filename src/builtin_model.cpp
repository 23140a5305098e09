#include "builtin_model.hpp"

#if URLSCAN_HAVE_BUILTIN_MODEL
extern "C" const unsigned char urlscan_builtin_model_begin[];
extern "C" const unsigned char urlscan_builtin_model_end[];
extern "C" const unsigned char urlscan_builtin_allowlist_begin[];
extern "C" const unsigned char urlscan_builtin_allowlist_end[];
extern "C" const unsigned char urlscan_builtin_brands_begin[];
extern "C" const unsigned char urlscan_builtin_brands_end[];
extern "C" const unsigned char urlscan_builtin_patterns_begin[];
extern "C" const unsigned char urlscan_builtin_patterns_end[];
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

std::span<const unsigned char> builtin_brands_bytes() noexcept {
#if URLSCAN_HAVE_BUILTIN_MODEL
  return {urlscan_builtin_brands_begin, urlscan_builtin_brands_end};
#else
  return {};
#endif
}

std::span<const unsigned char> builtin_patterns_bytes() noexcept {
#if URLSCAN_HAVE_BUILTIN_MODEL
  return {urlscan_builtin_patterns_begin, urlscan_builtin_patterns_end};
#else
  return {};
#endif
}

}  // namespace urlscan::detail
