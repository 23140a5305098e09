// The few pieces of HTTP text the service reads itself rather than through cpp-httplib: media
// types, the query string, the request line and Connection tokens. Pure functions, so that each
// rule is unit-tested (tests/test_http_text.cpp).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace urlscan::service {

// True when a Content-Type value names `type` ("application/json"): media types compare
// case-insensitively and parameters ("; charset=utf-8") are allowed (RFC 9110 8.3.1).
bool media_type_is(std::string_view content_type, std::string_view type);

// The body without a leading UTF-8 byte order mark (RFC 8259 8.1 lets a parser ignore one).
std::string_view without_bom(std::string_view body);

// "key=value&..." decoded as HTML forms and query strings are: '+' is a space, %XX a byte; a pair
// splits at its first '=' only, so a value may hold '=' and '?' (a pasted URL). Order is kept.
using QueryParams = std::vector<std::pair<std::string, std::string>>;
QueryParams parse_query(std::string_view query);
// The value of the first pair named `key`; `found` says whether there was one.
std::string query_value(const QueryParams& params, std::string_view key, bool* found = nullptr);
// The query of a request target: what follows its first '?' (empty when none).
std::string_view target_query(std::string_view target);

// The request line with every '?' and '#' after the target's first '?' written as %3F and %23:
// both are valid query bytes (RFC 3986 3.4) that cpp-httplib 0.11 refuses or cuts at. Decoding
// gives the same bytes back. Anything that is not "METHOD SP TARGET SP VERSION CRLF" is returned
// as it is, for the library to refuse.
std::string normalize_request_line(std::string_view line);

// True when the path of a request line's target (before any '?') holds a percent-escape. No route
// is named with one, and the library decodes the path before routing: "/admin%2Freload" and
// "/%61dmin/reload" reached /admin/reload while a proxy's path rule ("/admin/*", Istio's
// AuthorizationPolicy) saw another path.
bool path_has_escapes(std::string_view line);

// True when a comma-separated header value (Connection) holds `token`, case-insensitively.
bool has_token(std::string_view header_value, std::string_view token);

}  // namespace urlscan::service
