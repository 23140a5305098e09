#include "urlscan/json_text.hpp"

#include <cstdint>
#include <cstdio>

#include "urlscan/url.hpp"

namespace urlscan {

void append_probability(std::string& out, float p) {
  // Fixed 6 decimals without printf's float machinery (a tenth of the scan's time).
  if (!(p > 0.0f)) p = 0.0f;  // also NaN
  if (p > 1.0f) p = 1.0f;
  // p is clamped to [0, 1] above, so adding 0.5 and truncating rounds half up.
  const auto micro =
      static_cast<std::uint32_t>(p * 1e6f + 0.5f);  // NOLINT(bugprone-incorrect-roundings)
  char b[8] = {static_cast<char>('0' + micro / 1000000), '.'};
  std::uint32_t frac = micro % 1000000;
  for (int i = 7; i >= 2; --i) {
    b[i] = static_cast<char>('0' + frac % 10);
    frac /= 10;
  }
  out.append(b, 8);
}

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  const bool utf8 = valid_utf8(s);
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && !utf8)) {
      // Invalid UTF-8 is escaped byte-wise (as U+00XX) so the output is always valid JSON.
      char b[8];
      std::snprintf(b, sizeof b, "\\u%04x", c);
      out += b;
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '"';
}

}  // namespace urlscan
