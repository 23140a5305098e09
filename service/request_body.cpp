#include "request_body.hpp"

#include "http_server.hpp"
#include "http_text.hpp"

namespace urlscan::service {

std::string body_limit_reason(std::size_t max) {
  return "request body over the limit of " + std::to_string(max) + " bytes";
}

bool read_framing(const httplib::Request& req, Framing& out, BodyError& error) {
  out = {};
  auto refuse = [&](int status, std::string reason) {
    error.status = status;
    error.reason = std::move(reason);
    return false;
  };
  if (req.has_header("Transfer-Encoding")) {
    const std::string te = req.get_header_value("Transfer-Encoding");
    if (!has_token(te, "chunked") || te.find(',') != te.npos)
      return refuse(501, "Transfer-Encoding '" + te +
                             "' is not supported: send the body chunked or with a Content-Length");
    out.chunked = true;
  }
  if (req.get_header_value_count("Content-Length") > 0) {
    if (out.chunked)
      return refuse(400, "both Transfer-Encoding and Content-Length: send one of them");
    const std::string v = req.get_header_value("Content-Length");
    if (v.empty() || v.size() > 19 || v.find_first_not_of("0123456789") != v.npos ||
        req.get_header_value_count("Content-Length") > 1)
      return refuse(400, "malformed Content-Length");
    out.has_length = true;
    out.length = std::stoull(v);
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
  const ConnectionStream* c = HttpServer::current();
  const auto stop = c ? c->stopped() : ConnectionStream::Stop::none;
  if (over || stop == ConnectionStream::Stop::body_too_large) {
    error = {413, body_limit_reason(max)};
  } else if (stop == ConnectionStream::Stop::timed_out) {
    error = {408, "request timed out"};
  } else {
    error = {400, "malformed or incomplete request body"};
  }
  return false;
}

}  // namespace urlscan::service
