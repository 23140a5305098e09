#include "domain/routed_path.hpp"

#include "util/hex_digit.hpp"

namespace urlscan::detail {

std::string_view without_tabs(std::string_view path, char* buf) noexcept {
  if (path.find_first_of("\t\n\r") == path.npos) return path;
  std::size_t n = 0;
  for (char c : path)
    if (c != '\t' && c != '\n' && c != '\r') buf[n++] = c;
  return {buf, n};
}

bool has_encoded_separator(std::string_view path) noexcept {
  for (std::size_t at = path.find('%'); at != path.npos && at + 2 < path.size();
       at = path.find('%', at + 1)) {
    const char a = path[at + 1], b = static_cast<char>(path[at + 2] | 0x20);
    if ((a == '2' && b == 'f') || (a == '5' && b == 'c')) return true;
  }
  return false;
}

std::size_t routed_path(std::string_view path, char* out) noexcept {
  std::size_t n = 0;    // bytes written
  std::size_t seg = 0;  // the current segment's '/' in out
  bool in_segment = false;
  auto close_segment = [&] {  // drops out[seg, n) if it is "", "." or "..", and for ".." one more
    const std::string_view name(out + seg + 1, n - seg - 1);
    if (name.empty() || name == ".") {
      n = seg;
    } else if (name == "..") {
      n = seg;
      while (n > 0 && out[n - 1] != '/') --n;
      if (n > 0) --n;
    }
  };
  for (std::size_t at = 0; at < path.size(); ++at) {
    char c = path[at];
    if (c == '\t' || c == '\n' || c == '\r') continue;
    const bool separator = c == '/' || c == '\\';
    if (separator || !in_segment) {
      if (in_segment) close_segment();
      seg = n;
      out[n++] = '/';
      in_segment = true;
      if (separator) continue;
    }
    if (c == '%' && at + 2 < path.size() &&
        hex_digit(static_cast<unsigned char>(path[at + 1])) >= 0 &&
        hex_digit(static_cast<unsigned char>(path[at + 2])) >= 0) {
      c = static_cast<char>(hex_digit(static_cast<unsigned char>(path[at + 1])) * 16 +
                            hex_digit(static_cast<unsigned char>(path[at + 2])));
      at += 2;
    }
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    out[n++] = c;
  }
  if (in_segment) {
    const std::string_view last(out + seg + 1, n - seg - 1);
    if (last == "." || last == "..") {  // "/a/." is "/a/", "/a/.." is "/"
      close_segment();
      out[n++] = '/';
    }
  }
  if (n == 0) out[n++] = '/';
  return n;
}

}  // namespace urlscan::detail
