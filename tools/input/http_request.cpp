#include "input/http_request.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

namespace urlscan::cli {
namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!is_digit(c)) return false;
  return true;
}

// RFC 9110 token characters: what a method may be made of.
bool is_token(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!is_alpha(c) && !is_digit(c) && std::string_view("!#$%&'*+-.^_`|~").find(c) == s.npos)
      return false;
  return true;
}

// "HTTP/1.1", "HTTP/2.0", "HTTP/2", "HTTP/3".
bool is_protocol(std::string_view s) {
  if (!s.starts_with("HTTP/")) return false;
  s.remove_prefix(5);
  const std::size_t dot = s.find('.');
  return all_digits(s.substr(0, dot)) && (dot == s.npos || all_digits(s.substr(dot + 1)));
}

// "scheme://" at the start (RFC 3986 scheme characters).
bool absolute_form(std::string_view t) {
  if (t.empty() || !is_alpha(t[0])) return false;
  std::size_t i = 1;
  while (i < t.size() &&
         (is_alpha(t[i]) || is_digit(t[i]) || t[i] == '+' || t[i] == '-' || t[i] == '.'))
    ++i;
  return t.substr(i).starts_with("://");
}

bool ipv6_address(std::string_view s) {
  if (s.size() >= INET6_ADDRSTRLEN) return false;
  char text[INET6_ADDRSTRLEN];
  s.copy(text, s.size());
  text[s.size()] = '\0';
  in6_addr addr;
  return inet_pton(AF_INET6, text, &addr) == 1;
}

bool host_byte(unsigned char c) {
  return is_alpha(static_cast<char>(c)) || is_digit(static_cast<char>(c)) || c == '-' || c == '.' ||
         c == '_' || c >= 0x80;  // UTF-8 of an internationalised name
}

}  // namespace

std::string_view decode_log_escapes(std::string_view in, std::string& buf) {
  if (in.find('\\') == in.npos) return in;
  buf.clear();
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '\\' || i + 1 == in.size()) {
      buf += in[i];
      continue;
    }
    const char e = in[i + 1];
    if (e == 'x' && i + 3 < in.size() && hex_digit(in[i + 2]) >= 0 && hex_digit(in[i + 3]) >= 0) {
      buf += static_cast<char>(hex_digit(in[i + 2]) * 16 + hex_digit(in[i + 3]));
      i += 3;
      continue;
    }
    const std::string_view from = "\"\\nrtbvf", to = "\"\\\n\r\t\b\v\f";
    if (const std::size_t k = from.find(e); k != from.npos) {
      buf += to[k];
      ++i;
    } else {
      buf += '\\';  // not an escape the servers write: the byte as logged
    }
  }
  return buf;
}

const char* request_target(std::string_view request, std::string_view& target) {
  const std::size_t s1 = request.find(' ');
  const std::size_t s2 = s1 == request.npos ? request.npos : request.find(' ', s1 + 1);
  const std::string_view method = request.substr(0, s1);
  if (s1 == request.npos || !is_token(method)) return "malformed request line";
  target = request.substr(s1 + 1, s2 == request.npos ? request.npos : s2 - s1 - 1);
  if (s2 == request.npos) {
    // HTTP/0.9 "GET /path": no protocol.
    if (method != "GET" || !target.starts_with('/')) return "malformed request line";
  } else if (!is_protocol(request.substr(s2 + 1))) {
    return "malformed request line";
  }
  if (target.empty()) return "malformed request line";
  if (method == "CONNECT") return "CONNECT request: its target is a tunnel address, not a URL";
  if (target == "*") return "request for '*' (the server itself), not a URL";
  return nullptr;
}

const char* vhost_name(std::string_view field, std::string_view& host) {
  host = {};
  if (field.empty() || field == "-" || field == "_") return nullptr;
  std::string_view port;
  if (field.front() == '[') {
    const std::size_t close = field.find(']');
    if (close == field.npos) return "virtual host is not a host name";
    for (char c : field.substr(1, close - 1))
      if (hex_digit(c) < 0 && c != ':' && c != '.') return "virtual host is not a host name";
    host = field.substr(0, close + 1);
    port = field.substr(close + 1);
    if (!port.empty() && (port.front() != ':' || !all_digits(port.substr(1))))
      return "virtual host is not a host name";
    return host.size() > 2 ? nullptr : "virtual host is not a host name";
  }
  const std::size_t colon = field.find(':');
  if (colon != field.npos && field.find(':', colon + 1) != field.npos) {
    // An IPv6 address without brackets: Apache's %v:%p and %V:%p write "2001:db8::1:443". The
    // last group is the port when what precedes it is an address; else the whole is one.
    const std::size_t last = field.rfind(':');
    if (all_digits(field.substr(last + 1)) && ipv6_address(field.substr(0, last)))
      host = field.substr(0, last);
    else if (ipv6_address(field))
      host = field;
    else
      return "virtual host is not a host name";
    return nullptr;
  }
  host = field.substr(0, colon);
  if (colon != field.npos && !all_digits(field.substr(colon + 1))) {
    host = {};
    return "virtual host is not a host name";
  }
  for (unsigned char c : host)
    if (!host_byte(c)) {
      host = {};
      return "virtual host is not a host name";
    }
  if (host == "_") host = {};  // "_:80": nginx's catch-all with a port
  return nullptr;
}

const char* join_request_url(std::string_view host, std::string_view target, std::string& url,
                             const char* no_host) {
  if (absolute_form(target)) {  // a proxy's log, or a client that sent the full URL
    url.assign(target);
    return nullptr;
  }
  if (!target.starts_with('/')) return "request target is neither a path nor an absolute URL";
  if (host.empty()) return no_host;
  const bool bare_ipv6 = host.find(':') != host.npos && host.front() != '[';
  url.assign(bare_ipv6 ? "[" : "");
  url.append(host);
  url.append(bare_ipv6 ? "]" : "");
  url.append(target);
  return nullptr;
}

}  // namespace urlscan::cli
