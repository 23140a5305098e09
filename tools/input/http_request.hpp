// The pieces of an HTTP request that web servers log -- request line, virtual host, target --
// turned into the URL that was requested. Shared by the access-log and JSON readers, so every
// log format joins host and target the same way. Each function returns nullptr on success, else
// the reason the record is an error.
#pragma once

#include <string>
#include <string_view>

namespace urlscan::cli {

// Undoes a web server's escaping of a logged field: nginx writes '"', '\' and bytes outside
// printable ASCII as \xNN; Apache writes \" \\ \n \r \t \b \v \f and \xNN. Other backslashes are
// kept. Returns `in` itself when it has no backslash, else the decoded copy in `buf`.
std::string_view decode_log_escapes(std::string_view in, std::string& buf);

// The target of a request line "METHOD target HTTP/x.y" (or HTTP/0.9 "GET target"). A line that
// is not one (junk sent to the port, TLS bytes) or has no URL (CONNECT host:port, OPTIONS *) is
// an error.
const char* request_target(std::string_view request, std::string_view& target);

// The host of a logged virtual-host or Host field ("shop.example", "shop.example:8443",
// "[2001:db8::1]:443", Apache's unbracketed "2001:db8::1:443"), without the port. An empty
// field, "-" and nginx's catch-all "_" (the request had no Host header) set `host` empty and
// succeed; a field that is not a host name is an error.
const char* vhost_name(std::string_view field, std::string_view& host);

// The requested URL: an absolute-form target ("http://a.example/x") as is, an origin-form one
// ("/path?q") after `host` (an IPv6 address bracketed). A target that is neither is an error; an
// origin-form target without a host is the error `no_host`.
const char* join_request_url(std::string_view host, std::string_view target, std::string& url,
                             const char* no_host);

}  // namespace urlscan::cli
