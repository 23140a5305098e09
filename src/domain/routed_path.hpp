// Paths as a server routes them, for the allowlist's path lines ("!host/prefix") and its
// platform page layouts ("@host/..."): one normalisation, so both read a path alike.
#pragma once

#include <cstddef>
#include <string_view>

namespace urlscan::detail {

// Paths longer than this are not normalised: on a host with path exclusions, such a URL is left
// to the model (a dot segment far down could climb back into an excluded prefix).
constexpr std::size_t kMaxExcludedPath = 4096;

// `path` without tabs and line breaks, which a browser strips from a URL before anything else:
// `path` itself when it has none, else a copy in `buf` (at least path.size() bytes). Read
// before decoding, so that "%2\te" is "%2e" here as it is to the browser.
std::string_view without_tabs(std::string_view path, char* buf) noexcept;

// Whether `path` holds an encoded separator (%2F or %5C): a browser keeps it inside a segment,
// where a server may read it as '/'.
bool has_encoded_separator(std::string_view path) noexcept;

// `path` as a browser sends it and a server routes it, into `out` (at least path.size() + 1
// bytes): tabs and line breaks dropped (a browser strips them from a URL), '\\' read as '/',
// empty and "." segments dropped, ".." taking the segment before it away (a browser resolves
// them before it asks: %2e counts as a dot), %XX decoded, ASCII lower-cased, a trailing '/' kept.
// Only a literal '/' or '\\' separates segments. Returns the length (at least 1: "/").
std::size_t routed_path(std::string_view path, char* out) noexcept;

}  // namespace urlscan::detail
