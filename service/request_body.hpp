// A request's body, limited before it is buffered however it is framed: the framing is judged from
// the head before a byte of the body is read (a length over the limit is refused unread), and a
// chunked body is counted as it arrives and refused the moment it passes the limit.
#pragma once

#include <httplib.h>

#include <cstdint>
#include <string>

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

// The reason given with every 413 for a body.
std::string body_limit_reason(std::size_t max);

}  // namespace urlscan::service
