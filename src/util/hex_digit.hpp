// The value of one hexadecimal digit (either case), or -1: %XX escapes in the URL parser and in
// the allowlist's path exclusions.
#pragma once

namespace urlscan::detail {

constexpr int hex_digit(unsigned char c) noexcept {
  return c >= '0' && c <= '9'   ? c - '0'
         : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                : -1;
}

}  // namespace urlscan::detail
