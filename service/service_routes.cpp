// The routes: one table (methods, roles, metric labels), the handlers installed for them, and
// what is refused before a handler runs (escaped paths, body framing and size, rate limit, a
// method the route does not list).
#include <algorithm>
#include <cctype>

#include "service_impl.hpp"

namespace urlscan::service {

constexpr RouteSpec kRouteTable[] = {
    {"/predict", "GET, HEAD, POST", false},
    {"/feedback", "POST", false},
    {"/version", "GET, HEAD", false},
    {"/healthz", "GET, HEAD", false},
    {"/readyz", "GET, HEAD", false},
    {"/metrics", "GET, HEAD", false},
    {"/openapi.json", "GET, HEAD", false},
    {"/admin/reload", "POST", false},
    {"/admin/rollback", "POST", false},
    {"/", "GET, HEAD", false},
    {"/check", "POST", true},
    {"/assets/app.js", "GET, HEAD", true},
    {"/assets/style.css", "GET, HEAD", true},
};

// The metrics label of a request: its route as written on the wire. cpp-httplib decodes
// req.path, so /admin%2Freload would read as /admin/reload although it names no route (it is
// answered 400): the raw target decides.
const char* route_label(const Request& req) {
  const std::string_view raw = std::string_view(req.target).substr(0, req.target.find('?'));
  for (const RouteSpec& r : kRouteTable)
    if (raw == r.path) return r.path;
  return "other";
}

bool is_json(const Request& req) {
  const std::string* type = find_header(req.headers, "Content-Type");
  return type && media_type_is(*type, kJson);
}

bool is_form(const Request& req) {
  const std::string* type = find_header(req.headers, "Content-Type");
  return type && media_type_is(*type, "application/x-www-form-urlencoded");
}

// The query string's parameters, read from the raw target: cpp-httplib's own split a value at
// its second '=' ("url=http://a.com/?x=1" gave "1").
QueryParams query_params(const Request& req) {
  return parse_query(target_query(req.target));
}

void Service::post_with_body(const char* path, BodyHandler h) {
  server_.Post(path, [this, h = std::move(h)](const Request& req, Response& res,
                                              const httplib::ContentReader& reader) {
    metrics_.in_flight.Increment();
    // One buffer per worker thread, kept between requests (a handler never runs inside another).
    thread_local std::string body;
    BodyError e;
    if (read_request_body(req, reader, opt_.max_body, body, e))
      h(req, res, body);
    else
      json_error(res, e.status, e.reason);
    // A thread keeps at most this much between requests (a batch of 1,000 URLs is ~80 KB).
    if (body.capacity() > (256u << 10)) std::string().swap(body);
    metrics_.in_flight.Decrement();
  });
}

const Service::Route* Service::find_route(const std::string& path) const {
  for (const Route& r : routes_)
    if (path == r.path) return &r;
  return nullptr;
}

namespace {
// Whether `allow` ("GET, HEAD, POST", kRouteTable's) lists `method`, exactly: methods are
// case-sensitive.
bool allows(std::string_view allow, std::string_view method) {
  while (!allow.empty()) {
    const std::size_t comma = allow.find(", ");
    if (allow.substr(0, comma) == method) return true;
    allow = comma == allow.npos ? std::string_view{} : allow.substr(comma + 2);
  }
  return false;
}

// A method token (RFC 9110's tchar) that cpp-httplib does not parse (its parse_request_line
// knows these ten): it refuses such a request line with 400 before routing.
bool unknown_method(std::string_view m) {
  for (std::string_view known :
       {"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH", "PRI"})
    if (m == known) return false;
  return !m.empty() && std::all_of(m.begin(), m.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
  });
}
}  // namespace

// Every method a route does not list gets the same answer, whatever cpp-httplib would do with
// it (OPTIONS and TRACE found no handler: 404 and 400; a token it does not know: 400).
bool Service::refuse_method(const std::string& method, const std::string& path,
                            Response& res) const {
  const Route* route = find_route(path);
  if (!route || allows(route->allow, method)) return false;
  res.set_header("Allow", route->allow);
  json_error(res, 405, "method " + method + " not allowed here (allowed: " + route->allow + ")");
  return true;
}

// A body cpp-httplib would buffer for a route that takes none (every body route reads its own
// through post_with_body, counted), or one with no length at all, is refused before it is read:
// the answer it would have got, now, and the connection closes.
bool Service::refuse_unwanted_body(const Request& req, Response& res) {
  ConnectionStream* c = HttpServer::current();
  Framing f;
  BodyError e;
  if (!read_framing(req, f, e)) {
    if (c) c->close_after = true;
    json_error(res, e.status, e.reason);
    return true;
  }
  const Route* route = find_route(req.path);
  const bool body_route = req.method == "POST" && route &&
                          std::string_view(route->allow).find("POST") != std::string_view::npos;
  // The methods whose bodies cpp-httplib reads before routing (detail::expect_content).
  const bool library_reads = req.method == "POST" || req.method == "PUT" || req.method == "PATCH" ||
                             (req.method == "DELETE" && f.has_length);
  if (body_route) {
    if (!f.chunked && !f.has_length) {
      // Without one the library would read until the client closes.
      json_error(res, 411, "POST needs a Content-Length (Content-Length: 0 for an empty body)");
    } else if (f.has_length && f.length > opt_.max_body) {
      json_error(res, 413, body_limit_reason(opt_.max_body));
    } else {
      return false;
    }
  } else if (library_reads && (f.carries_body() || !f.has_length)) {
    if (!refuse_method(req.method, req.path, res))
      json_error(res, 404, "no such route: " + req.method + " " + req.path);
  } else {
    if (f.carries_body() && c) c->close_after = true;  // a GET with a body: not read, not kept
    return false;
  }
  if (c) c->close_after = true;
  return true;
}

httplib::Server::HandlerResponse Service::before_routing(const Request& req, Response& res) {
  using HR = httplib::Server::HandlerResponse;
  ConnectionStream* c = HttpServer::current();
  if (c) c->head_done();
  if (c && c->path_escaped()) {
    json_error(res, 400,
               "a percent-escape in the path names no route here: write the path plainly (the "
               "query may hold escapes)");
    return HR::Handled;
  }
  if (refuse_unwanted_body(req, res) || refuse_over_rate(req, res) ||
      refuse_method(req.method, req.path, res))
    return HR::Handled;
  return HR::Unhandled;
}

bool Service::refuse_over_rate(const Request& req, Response& res) {
  // Probes and scrapes are never limited.
  if (!limiter_.enabled() || req.path == "/healthz" || req.path == "/readyz" ||
      req.path == "/metrics")
    return false;
  std::string client = req.remote_addr;
  if (opt_.trust_forwarded_for && req.has_header("X-Forwarded-For")) {
    client = req.get_header_value("X-Forwarded-For");
    client = client.substr(0, client.find(','));
  }
  int retry_after = 1;
  if (limiter_.allow(client, retry_after)) return false;
  metrics_.rate_limited.Increment();
  res.set_header("Retry-After", std::to_string(retry_after));
  char limit[32];
  std::snprintf(limit, sizeof limit, "%g", opt_.rate_limit);
  json_error(res, 429,
             std::string("rate limit: ") + limit + " requests per second per client; retry after " +
                 std::to_string(retry_after) + " s");
  // The body, if any, was not read.
  if (ConnectionStream* c = HttpServer::current(); c && req.method != "GET" && req.method != "HEAD")
    c->close_after = true;
  return true;
}

void Service::install_routes() {
  using Handler = httplib::Server::Handler;
  auto& srv = server_;
  // The role's routes from kRouteTable; any other method on one of them gets 405 with Allow
  // (refuse_method, before routing).
  for (const RouteSpec& r : kRouteTable)
    if (!r.app_only || opt_.role == Role::app) routes_.push_back(r);
  auto get = [&](const char* path, Handler h) { srv.Get(path, counted(std::move(h))); };

  post_with_body("/predict", [this](const Request& req, Response& res, const std::string& body) {
    if (!is_json(req)) return json_error(res, 415, "send application/json");
    // The thread's, kept between requests (its URL list keeps its capacity).
    thread_local PredictRequest p;
    BodyError e;
    if (!parse_predict_body(body, opt_.batch_limit, p, e))
      return json_error(res, e.status, e.reason);
    handle_predict(req, res, p.urls, p.batch);
  });
  get("/predict", [this](const Request& req, Response& res) {
    bool found = false;
    const std::string url = query_value(query_params(req), "url", &found);
    if (!found) return json_error(res, 422, "the query parameter url is required");
    const std::string_view one[1] = {url};
    handle_predict(req, res, one, false);
  });
  post_with_body("/feedback", [this](const Request& req, Response& res, const std::string& body) {
    handle_feedback(req, res, body);
  });
  get("/version",
      [this](const Request&, Response& res) { res.set_content(version_json(), kJson); });
  get("/healthz",
      [](const Request&, Response& res) { res.set_content("{\"status\":\"ok\"}", kJson); });
  get("/readyz", [this](const Request&, Response& res) {
    if (draining_) return json_error(res, 503, "shutting down");
    std::string why;
    if (!backend_->ready(why)) return json_error(res, 503, why);
    res.set_content("{\"status\":\"ready\"}", kJson);
  });
  get("/metrics", [this](const Request&, Response& res) {
    res.set_content(metrics_.exposition(), "text/plain; version=0.0.4; charset=utf-8");
  });
  get("/openapi.json", [](const Request&, Response& res) {
    res.set_content(std::string(asset("openapi_json")), kJson);
  });
  post_with_body("/admin/reload",
                 [this](const Request& req, Response& res, const std::string& body) {
                   handle_admin(req, res, body, false);
                 });
  post_with_body("/admin/rollback",
                 [this](const Request& req, Response& res, const std::string& body) {
                   handle_admin(req, res, body, true);
                 });

  if (opt_.role == Role::app) {
    get("/", [this](const Request& req, Response& res) {
      const bool thanks = query_value(query_params(req), "feedback") == "thanks";
      page(res, 200, "", thanks ? render_notice("Thank you for your answer.", false) : "");
    });
    post_with_body("/check", [this](const Request& req, Response& res, const std::string& body) {
      if (!is_form(req)) return json_error(res, 415, "send a form (url=...)");
      handle_check(req, res, body);
    });
    auto static_asset = [](const char* name, const char* type) {
      return [name, type](const Request&, Response& res) {
        res.set_header("Cache-Control", "public, max-age=300");
        res.set_content(std::string(asset(name)), type);
      };
    };
    get("/assets/app.js", static_asset("app_js", "text/javascript; charset=utf-8"));
    get("/assets/style.css", static_asset("style_css", "text/css; charset=utf-8"));
  } else {
    get("/", [](const Request&, Response& res) {
      json_error(res, 404,
                 "this is the model API (role api): see /openapi.json; the web page is "
                 "served by --role app");
    });
  }

  // A body announced over the limit is refused before the client sends it.
  srv.set_expect_100_continue_handler([this](const Request& req, Response& res) {
    if (ConnectionStream* c = HttpServer::current()) c->head_done();
    Framing f;
    BodyError e;
    if (!read_framing(req, f, e) || !f.has_length || f.length <= opt_.max_body) return 100;
    res.status = 413;  // the library sends the answer as it is, and asks no error handler
    return 413;
  });
  // Every 4xx/5xx without a body of its own gets a JSON reason.
  srv.set_error_handler([this](const Request& req, Response& res) {
    if (!res.body.empty()) return;
    // A well-formed request line with a method token the library does not know (it stopped
    // there, 400): the answer of any other method, 405 on a route, 404 elsewhere. The headers
    // were not read, so the connection closes.
    if (res.status == 400 && unknown_method(req.method) && req.target.starts_with('/') &&
        (req.version == "HTTP/1.1" || req.version == "HTTP/1.0")) {
      const std::string path = req.target.substr(0, req.target.find('?'));
      if (!refuse_method(req.method, path, res))
        json_error(res, 404, "no such route: " + req.method + " " + path);
      if (ConnectionStream* c = HttpServer::current()) c->close_after = true;
      return;
    }
    // Reading stopped by a limit of the connection's: that is the answer.
    if (const ConnectionStream* c = HttpServer::current()) {
      switch (c->stopped()) {
        case ConnectionStream::Stop::timed_out:
          res.status = 408;
          break;
        case ConnectionStream::Stop::head_too_large:
          res.status = 431;
          break;
        case ConnectionStream::Stop::body_too_large:
          res.status = 413;
          break;
        case ConnectionStream::Stop::shutting_down:
          res.status = 503;
          break;
        case ConnectionStream::Stop::none:
          break;
      }
    }
    std::string reason;
    switch (res.status) {
      case 404:
        reason = "no such route: " + req.method + " " + req.path;
        break;
      case 413:
        reason = body_limit_reason(opt_.max_body);
        break;
      case 400:
        reason = "malformed HTTP request";
        break;
      case 408:
        reason = "request timed out";
        break;
      case 414:
        reason = "request URI too long";
        break;
      case 431:
        reason = "request line and headers over the limit of " +
                 std::to_string(StreamLimits{}.max_head) + " bytes";
        break;
      case 503:
        reason = "shutting down";
        break;
      default:
        reason = "HTTP " + std::to_string(res.status);
        break;
    }
    res.set_content(error_json(reason), kJson);
  });
  srv.set_logger([this](const Request& req, const Response& res) {
    metrics_.request_done(route_label(req), res.status);
  });
  srv.set_pre_routing_handler(
      [this](const Request& req, Response& res) { return before_routing(req, res); });
}

}  // namespace urlscan::service
