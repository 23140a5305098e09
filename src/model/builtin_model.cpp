#include "model/builtin_model.hpp"

// Each embedded file is a pair of symbols from builtin_model.S: NAME_begin and NAME_end.
#if URLSCAN_HAVE_BUILTIN_MODEL
#define URLSCAN_EMBEDDED(name)                                                        \
  extern "C" const unsigned char urlscan_builtin_##name##_begin[];                    \
  extern "C" const unsigned char urlscan_builtin_##name##_end[];                      \
  std::span<const unsigned char> urlscan::detail::builtin_##name##_bytes() noexcept { \
    return {urlscan_builtin_##name##_begin, urlscan_builtin_##name##_end};            \
  }
#else
#define URLSCAN_EMBEDDED(name)                                                        \
  std::span<const unsigned char> urlscan::detail::builtin_##name##_bytes() noexcept { \
    return {};                                                                        \
  }
#endif

URLSCAN_EMBEDDED(model)
URLSCAN_EMBEDDED(allowlist)
URLSCAN_EMBEDDED(software_sites)
URLSCAN_EMBEDDED(blocklist)
URLSCAN_EMBEDDED(brands)
URLSCAN_EMBEDDED(patterns)
URLSCAN_EMBEDDED(lures)
