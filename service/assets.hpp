// Files built into the binary for the service: the web page and its script and style, the
// OpenAPI document, and the quality gate's known-URL lists.
#pragma once

#include <string_view>

namespace urlscan::service {

// The asset's bytes by name: page_html, app_js, style_css, openapi_json, known_legitimate,
// known_phishing. Empty for an unknown name.
std::string_view asset(std::string_view name) noexcept;

}  // namespace urlscan::service
