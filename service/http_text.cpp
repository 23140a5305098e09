#include "http_text.hpp"

namespace urlscan::service {

namespace {

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = lower(c);
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// Form decoding: '+' is a space, %XX a byte; a '%' without two hex digits stays as it is.
std::string form_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%' && i + 2 < s.size() && hex_digit(s[i + 1]) >= 0 &&
               hex_digit(s[i + 2]) >= 0) {
      out += static_cast<char>(hex_digit(s[i + 1]) * 16 + hex_digit(s[i + 2]));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

bool media_type_is(std::string_view content_type, std::string_view type) {
  return iequal(trim(content_type.substr(0, content_type.find(';'))), type);
}

std::string_view without_bom(std::string_view body) {
  if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);
  return body;
}

QueryParams parse_query(std::string_view query) {
  QueryParams out;
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    if (!pair.empty()) {
      const std::size_t eq = pair.find('=');
      out.emplace_back(form_decode(pair.substr(0, eq)),
                       eq == pair.npos ? std::string() : form_decode(pair.substr(eq + 1)));
    }
    if (amp == query.npos) break;
    query.remove_prefix(amp + 1);
  }
  return out;
}

std::string query_value(const QueryParams& params, std::string_view key, bool* found) {
  for (const auto& [k, v] : params)
    if (k == key) {
      if (found) *found = true;
      return v;
    }
  if (found) *found = false;
  return {};
}

std::string_view target_query(std::string_view target) {
  const std::size_t q = target.find('?');
  return q == target.npos ? std::string_view{} : target.substr(q + 1);
}

std::string normalize_request_line(std::string_view line) {
  const std::size_t sp1 = line.find(' ');
  const std::size_t sp2 = sp1 == line.npos ? line.npos : line.find(' ', sp1 + 1);
  const std::size_t q = sp2 == line.npos ? line.npos : line.find('?', sp1 + 1);
  if (q == line.npos || q > sp2) return std::string(line);
  std::string out(line.substr(0, q + 1));
  for (std::size_t i = q + 1; i < sp2; ++i) {
    if (line[i] == '?')
      out += "%3F";
    else if (line[i] == '#')
      out += "%23";
    else
      out += line[i];
  }
  out += line.substr(sp2);
  return out;
}

bool path_has_escapes(std::string_view line) {
  const std::size_t sp1 = line.find(' ');
  if (sp1 == line.npos) return false;
  const std::size_t end = line.find_first_of(" ?", sp1 + 1);
  return line.substr(sp1 + 1, end == line.npos ? line.npos : end - sp1 - 1).find('%') != line.npos;
}

bool has_token(std::string_view header_value, std::string_view token) {
  while (true) {
    const std::size_t comma = header_value.find(',');
    if (iequal(trim(header_value.substr(0, comma)), token)) return true;
    if (comma == header_value.npos) return false;
    header_value.remove_prefix(comma + 1);
  }
}

}  // namespace urlscan::service
