#include "urlscan/json_text.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>

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

std::size_t utf8_sequence_length(std::string_view s, std::size_t i) noexcept {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const unsigned char c = b(0);
  if (c < 0x80) return 1;
  const std::size_t len = c >= 0xc2 && c <= 0xdf   ? 2
                          : c >= 0xe0 && c <= 0xef ? 3
                          : c >= 0xf0 && c <= 0xf4 ? 4
                                                   : 0;
  if (len == 0 || i + len > s.size()) return 0;
  for (std::size_t k = 1; k < len; ++k)
    if ((b(k) & 0xc0) != 0x80) return 0;
  // Overlong forms, surrogates and code points past U+10FFFF (RFC 3629).
  if ((c == 0xe0 && b(1) < 0xa0) || (c == 0xed && b(1) > 0x9f) || (c == 0xf0 && b(1) < 0x90) ||
      (c == 0xf4 && b(1) > 0x8f))
    return 0;
  return len;
}

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  std::size_t i = 0;  // the common case, printable ASCII without '"' or '\\', goes out as is
  while (i < s.size() && static_cast<unsigned char>(s[i]) >= 0x20 &&
         static_cast<unsigned char>(s[i]) < 0x7f && s[i] != '"' && s[i] != '\\')
    ++i;
  out.append(s.substr(0, i));
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    char b[8];
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7f) {
      std::snprintf(b, sizeof b, "\\u%04x", c);
      out += b;
    } else if (c >= 0x80) {
      if (const std::size_t len = utf8_sequence_length(s, i); len > 0) {
        out.append(s.substr(i, len));
        i += len;
        continue;
      }
      std::snprintf(b, sizeof b, "\\udc%02x", c);  // not text: see the header
      out += b;
    } else {
      out += static_cast<char>(c);
    }
    ++i;
  }
  out += '"';
}

JsonWriter& JsonWriter::number(double v, const char* format) {
  if (!std::isfinite(v)) return raw("null");
  char b[64];
  std::snprintf(b, sizeof b, format, v);
  return raw(b);
}

JsonWriter& JsonWriter::members_of(std::string_view object_json) {
  const std::size_t open = object_json.find('{'), close = object_json.rfind('}');
  if (open == object_json.npos || close == object_json.npos || close <= open) return *this;
  const std::string_view inner = object_json.substr(open + 1, close - open - 1);
  if (inner.find_first_not_of(" \t\r\n") == inner.npos) return *this;  // {}: no members
  separate();
  out_ += inner;
  return *this;
}

}  // namespace urlscan
