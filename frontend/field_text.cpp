#include "field_text.hpp"

#include <cstdio>

#include "urlscan/json_text.hpp"

namespace urlscan::frontend {

void append_escaped(std::string& out, std::string_view s) {
  std::size_t i = 0;  // the common case, printable ASCII without '\', goes out as is
  while (i < s.size() && static_cast<unsigned char>(s[i]) >= 0x20 &&
         static_cast<unsigned char>(s[i]) < 0x7f && s[i] != '\\')
    ++i;
  out.append(s.substr(0, i));
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      if (const std::size_t len = utf8_sequence_length(s, i); len > 0) {
        out.append(s.substr(i, len));  // valid UTF-8 is text
        i += len;
        continue;
      }
    }
    if (c < 0x20 || c >= 0x7f || c == '\\') {
      char b[5];
      std::snprintf(b, sizeof b, "\\x%02x", c);
      out += b;
    } else {
      out += static_cast<char>(c);
    }
    ++i;
  }
}

void append_csv_field(std::string& out, std::string_view s) {
  // RFC 4180: the bytes as they are, quoted when they hold a separator, quote or line break.
  if (s.find_first_of(",\"\r\n") == s.npos) {
    out += s;
    return;
  }
  out += '"';
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

}  // namespace urlscan::frontend
