#include "field_text.hpp"

#include <cstring>

#include "urlscan/json_text.hpp"
#include "word_bytes.hpp"

namespace urlscan::frontend {
namespace {

// TSV: printable ASCII but '\' goes out as is.
constexpr bool tsv_plain(unsigned char c) noexcept {
  return c >= 0x20 && c < 0x7f && c != '\\';
}
std::uint64_t tsv_stop(std::uint64_t w) noexcept {
  using namespace word_bytes;
  return any_below(w, 0x20) | any_above(w, 0x7e) | any_equal(w, '\\');
}

// CSV: the bytes that make a field quoted.
constexpr bool csv_special(char c) noexcept {
  return c == ',' || c == '"' || c == '\r' || c == '\n';
}
std::uint64_t csv_stop(std::uint64_t w) noexcept {
  using namespace word_bytes;
  return any_equal(w, ',') | any_equal(w, '"') | any_equal(w, '\r') | any_equal(w, '\n');
}

}  // namespace

void append_escaped(std::string& out, std::string_view s) {
  static constexpr char hex[] = "0123456789abcdef";
  std::size_t i = 0;
  while (i < s.size()) {
    // The common case, a run of plain bytes, goes out as is.
    std::size_t j = i + word_bytes::clean_words(s.substr(i), tsv_stop);
    while (j < s.size() && tsv_plain(static_cast<unsigned char>(s[j]))) ++j;
    out.append(s.data() + i, j - i);
    if (j == s.size()) return;
    const auto c = static_cast<unsigned char>(s[j]);
    if (c >= 0x80) {
      if (const std::size_t len = utf8_sequence_length(s, j); len > 0) {
        out.append(s.data() + j, len);  // valid UTF-8 is text
        i = j + len;
        continue;
      }
    }
    const char escape[4] = {'\\', 'x', hex[c >> 4],
                            hex[c & 0xf]};  // a control byte, '\' or not UTF-8
    out.append(escape, 4);
    i = j + 1;
  }
}

void append_csv_field(std::string& out, std::string_view s) {
  // RFC 4180: the bytes as they are, quoted when they hold a separator, quote or line break.
  std::size_t i = word_bytes::clean_words(s, csv_stop);
  while (i < s.size() && !csv_special(s[i])) ++i;
  if (i == s.size()) {
    out += s;
    return;
  }
  out += '"';
  for (;;) {  // each '"' doubled
    const std::size_t q = s.find('"');
    if (q == s.npos) break;
    out.append(s.data(), q + 1);
    out += '"';
    s.remove_prefix(q + 1);
  }
  out += s;
  out += '"';
}

}  // namespace urlscan::frontend
