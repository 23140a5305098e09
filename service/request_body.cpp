#include "request_body.hpp"

#include "http_server.hpp"
#include "http_text.hpp"

namespace urlscan::service {

std::string body_limit_reason(std::size_t max) {
  return "request body over the limit of " + std::to_string(max) + " bytes";
}

namespace {

bool same_name(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const unsigned char x = static_cast<unsigned char>(a[i]), y = static_cast<unsigned char>(b[i]);
    if (x != y && ((x | 0x20) != (y | 0x20) || (x | 0x20) < 'a' || (x | 0x20) > 'z')) return false;
  }
  return true;
}

// The error of a body that did not come whole: what the connection's stream says stopped it.
BodyError body_error(bool over, std::size_t max) {
  const ConnectionStream* c = HttpServer::current();
  const auto stop = c ? c->stopped() : ConnectionStream::Stop::none;
  if (over || stop == ConnectionStream::Stop::body_too_large) return {413, body_limit_reason(max)};
  if (stop == ConnectionStream::Stop::timed_out) return {408, "request timed out"};
  return {400, "malformed or incomplete request body"};
}

}  // namespace

const std::string* find_header(const httplib::Headers& headers, std::string_view name) {
  for (const auto& [k, v] : headers)
    if (same_name(k, name)) return &v;
  return nullptr;
}

std::size_t header_count(const httplib::Headers& headers, std::string_view name) {
  std::size_t n = 0;
  for (const auto& h : headers) n += same_name(h.first, name);
  return n;
}

bool read_framing(const httplib::Request& req, Framing& out, BodyError& error) {
  out = {};
  auto refuse = [&](int status, std::string reason) {
    error.status = status;
    error.reason = std::move(reason);
    return false;
  };
  // One pass over the headers (this runs twice per POST): the first Transfer-Encoding and
  // Content-Length, as find_header would find them, and how many Content-Lengths there are.
  const std::string* transfer = nullptr;
  const std::string* length = nullptr;
  std::size_t lengths = 0;
  for (const auto& [k, v] : req.headers) {
    if (same_name(k, "Content-Length")) {
      if (!length) length = &v;
      ++lengths;
    } else if (!transfer && same_name(k, "Transfer-Encoding")) {
      transfer = &v;
    }
  }
  if (transfer) {
    const std::string& te = *transfer;
    if (!has_token(te, "chunked") || te.find(',') != te.npos)
      return refuse(501, "Transfer-Encoding '" + te +
                             "' is not supported: send the body chunked or with a Content-Length");
    out.chunked = true;
  }
  if (length) {
    if (out.chunked)
      return refuse(400, "both Transfer-Encoding and Content-Length: send one of them");
    const std::string& v = *length;
    if (v.empty() || v.size() > 19 || v.find_first_not_of("0123456789") != v.npos || lengths > 1)
      return refuse(400, "malformed Content-Length");
    out.has_length = true;
    // At most 19 digits: the value fits (what std::stoull gave, without its locale machinery).
    for (const char digit : v) out.length = out.length * 10 + static_cast<unsigned>(digit - '0');
  }
  return true;
}

bool read_body(const httplib::ContentReader& reader, std::size_t max, std::string& out,
               BodyError& error) {
  out.clear();
  bool over = false;
  const bool ok = reader([&](const char* data, std::size_t n) {
    if (n > max - out.size()) {
      over = true;
      return false;
    }
    out.append(data, n);
    return true;
  });
  if (ok && !over) return true;
  error = body_error(over, max);
  return false;
}

bool read_request_body(const httplib::Request& req, const httplib::ContentReader& reader,
                       std::size_t max, std::string& out, BodyError& error) {
  ConnectionStream* c = HttpServer::current();
  // The headers that decide it, in one pass (the first of each name, as find_header gives).
  const std::string *length = nullptr, *type = nullptr;
  bool coded = false;  // a Transfer-Encoding or Content-Encoding
  for (const auto& [k, v] : req.headers) {
    if (!length && same_name(k, "Content-Length"))
      length = &v;
    else if (!type && same_name(k, "Content-Type"))
      type = &v;
    else
      coded = coded || same_name(k, "Transfer-Encoding") || same_name(k, "Content-Encoding");
  }
  // What cpp-httplib's reader would do otherwise than read the bytes: decode chunks, inflate (or
  // refuse) a Content-Encoding, parse multipart (it tests the type's prefix case-sensitively).
  if (!c || !length || coded || (type && type->rfind("multipart/form-data", 0) == 0))
    return read_body(reader, max, out, error);
  Framing f;
  if (!read_framing(req, f, error)) return false;  // before_routing refused it already
  if (f.length > max) {
    error = body_error(true, max);
    return false;
  }
  out.resize(f.length);
  std::size_t got = 0;
  while (got < out.size()) {
    const ssize_t n = c->read(out.data() + got, out.size() - got);
    if (n <= 0) {
      out.resize(got);
      error = body_error(false, max);
      return false;
    }
    got += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace urlscan::service
