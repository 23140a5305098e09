#include "assets.hpp"

#include <cstddef>

// Each asset is a pair of symbols from the generated service_assets.S.
#define URLSCAN_SERVICE_ASSETS(X) \
  X(page_html) X(app_js) X(style_css) X(openapi_json) X(known_legitimate) X(known_phishing)

#define URLSCAN_DECLARE(name)                             \
  extern "C" const char urlscan_builtin_##name##_begin[]; \
  extern "C" const char urlscan_builtin_##name##_end[];
URLSCAN_SERVICE_ASSETS(URLSCAN_DECLARE)

namespace urlscan::service {

std::string_view asset(std::string_view n) noexcept {
#define URLSCAN_LOOKUP(name)            \
  if (n == #name)                       \
    return {                            \
        urlscan_builtin_##name##_begin, \
        static_cast<std::size_t>(urlscan_builtin_##name##_end - urlscan_builtin_##name##_begin)};
  URLSCAN_SERVICE_ASSETS(URLSCAN_LOOKUP)
#undef URLSCAN_LOOKUP
  return {};
}

}  // namespace urlscan::service
