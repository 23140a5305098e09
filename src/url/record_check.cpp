// Record checks shared by every reader and printer: NUL bytes, control characters before the
// path, invalid UTF-8. A record that fails one is an error record, never parsed or scored.
#include <cstdint>
#include <cstring>

#include "kernel/kernel.hpp"
#include "urlscan/url.hpp"

namespace urlscan {

bool valid_utf8(std::string_view s) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  std::size_t n = s.size(), i = 0;
  while (i < n) {
    // Fast path: 8 ASCII bytes at a time.
    if (i + 8 <= n) {
      std::uint64_t w;
      std::memcpy(&w, p + i, 8);
      if ((w & 0x8080808080808080ULL) == 0) {
        i += 8;
        continue;
      }
    }
    unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    int len;
    std::uint32_t cp;
    if ((c & 0xe0) == 0xc0) {
      len = 2;
      cp = c & 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
      len = 3;
      cp = c & 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
      len = 4;
      cp = c & 0x07;
    } else
      return false;
    if (i + len > n) return false;
    for (int k = 1; k < len; ++k) {
      if ((p[i + k] & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (p[i + k] & 0x3f);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
      return false;
    i += len;
  }
  return true;
}

errc check_record(std::string_view text) noexcept {
  if (text.empty()) return errc::empty_url;
  // Fast path (a kernel: 16 bytes at a time on x86): printable ASCII needs no closer look.
  if (kernels().printable_prefix(text.data(), text.size()) == text.size()) return errc::ok;
  if (std::memchr(text.data(), '\0', text.size())) return errc::url_has_nul;
  // Control characters in the scheme or host are junk; after them (path, query, fragment) a
  // browser percent-encodes them and opens the page (WHATWG URL), so such a URL is scored.
  std::size_t authority_end = 0;
  {
    const std::size_t sep = text.find("://");
    const std::size_t start = sep == text.npos ? 0 : sep + 3;
    authority_end = text.find_first_of("/?#\\", start);
    if (authority_end == text.npos) authority_end = text.size();
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (((c < 0x20 && c != '\t') || c == 0x7f) && i < authority_end)
      return errc::url_has_control_chars;
  }
  if (!valid_utf8(text)) return errc::url_invalid_utf8;
  return errc::ok;
}

}  // namespace urlscan
