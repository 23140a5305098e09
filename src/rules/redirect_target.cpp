#include "rules/redirect_target.hpp"

#include <array>

namespace urlscan::detail {
namespace {

unsigned char lower(unsigned char c) {
  return (c >= 'A' && c <= 'Z') ? c | 0x20 : c;
}

bool host_byte(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c == '.' || c == '-' || c == '_' ||
         c >= 0x80;
}

// Case-insensitive find of an ASCII-lower-case needle.
std::size_t ifind(std::string_view hay, std::string_view needle, std::size_t from) {
  for (std::size_t i = from; i + needle.size() <= hay.size(); ++i) {
    std::size_t k = 0;
    // Needles are ASCII literals (0-127), where char and unsigned char agree.
    // NOLINTNEXTLINE(bugprone-signed-char-misuse)
    while (k < needle.size() && lower(static_cast<unsigned char>(hay[i + k])) == needle[k]) ++k;
    if (k == needle.size()) return i;
  }
  return std::string_view::npos;
}

// The host after the first "http://" or "https://" in `s`, with the separator written plainly or
// percent-encoded once (%3A%2F%2F) or twice (%253A%252F%252F).
std::string host_after_scheme(std::string_view s) {
  static constexpr std::array<std::string_view, 3> kSeparators = {"://", "%3a%2f%2f",
                                                                  "%253a%252f%252f"};
  for (std::size_t from = 0;;) {
    const std::size_t at = ifind(s, "http", from);
    if (at == std::string_view::npos) return {};
    std::size_t p = at + 4;
    if (p < s.size() && lower(static_cast<unsigned char>(s[p])) == 's') ++p;
    for (std::string_view sep : kSeparators) {
      if (ifind(s.substr(p, sep.size()), sep, 0) != 0) continue;
      std::string host;
      for (std::size_t i = p + sep.size(); i < s.size(); ++i) {
        const unsigned char c = lower(static_cast<unsigned char>(s[i]));
        if (!host_byte(c)) break;
        host += static_cast<char>(c);
      }
      while (!host.empty() && host.back() == '.') host.pop_back();
      if (!host.empty()) return host;
    }
    from = at + 4;
  }
}

}  // namespace

std::string redirect_target_host(const Url& u) {
  for (std::string_view part : {u.query, u.path, u.fragment})
    if (std::string h = host_after_scheme(part); !h.empty()) return h;
  return {};
}

}  // namespace urlscan::detail
