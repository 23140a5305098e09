// A request's body, limited before it is buffered however it is framed: the framing is judged from
// the head before a byte of the body is read (a length over the limit is refused unread), and a
// chunked body is counted as it arrives and refused the moment it passes the limit.
#pragma once

#include <httplib.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "predict_api.hpp"

namespace urlscan::service {

struct Framing {
  bool chunked = false;      // Transfer-Encoding: chunked
  bool has_length = false;   // Content-Length given
  std::uint64_t length = 0;  // its value
  bool carries_body() const { return chunked || length > 0; }
};

// Reads the framing headers; false (with a 400 or 501 reason) when they are not ones this server
// can follow: a transfer coding other than chunked, a Content-Length that is not a number, or
// both (a request-smuggling shape, RFC 9112 6.1).
bool read_framing(const httplib::Request& req, Framing& out, BodyError& error);

// The body through `reader` into `out`, stopping as soon as it passes `max` bytes (413). False
// with the status and reason when refused; the caller then closes the connection.
bool read_body(const httplib::ContentReader& reader, std::size_t max, std::string& out,
               BodyError& error);

// The body of a request whose framing read_framing accepted and found within `max`: a plain
// Content-Length body is read straight off the connection's stream (HttpServer::current(), its
// limits and deadline in force), without cpp-httplib's reader and the header lookups it makes per
// request; any other (chunked, a Content-Encoding, multipart, no connection stream) through
// `reader` as above. The same answers either way.
bool read_request_body(const httplib::Request& req, const httplib::ContentReader& reader,
                       std::size_t max, std::string& out, BodyError& error);

// The first value of header `name`, matched without regard to ASCII case, or nullptr: what
// cpp-httplib's get_header_value(name) returns (its map orders names by a case-insensitive
// compare, equal names in the order they came), without that compare's tolower() call per
// character and per step of the tree walk. A linear scan: a request carries a handful of headers.
const std::string* find_header(const httplib::Headers& headers, std::string_view name);
// How many headers are named `name` (get_header_value_count).
std::size_t header_count(const httplib::Headers& headers, std::string_view name);

// The reason given with every 413 for a body.
std::string body_limit_reason(std::size_t max);

}  // namespace urlscan::service
