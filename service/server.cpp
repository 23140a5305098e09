#include "server.hpp"

#include <httplib.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>

#include "assets.hpp"
#include "backend.hpp"
#include "cli.hpp"
#include "http_server.hpp"
#include "http_text.hpp"
#include "model_registry.hpp"
#include "predict_api.hpp"
#include "rate_limiter.hpp"
#include "request_body.hpp"
#include "serve_options.hpp"
#include "service_metrics.hpp"
#include "urlscan/json_text.hpp"
#include "urlscan/version.hpp"
#include "web_page.hpp"

namespace urlscan::service {

namespace {

using httplib::Request;
using httplib::Response;

constexpr const char* kJson = "application/json";

// Routes as metric labels: the documented ones, everything else "other" (bounded cardinality).
const char* route_label(const std::string& path) {
  static const char* const kRoutes[] = {
      "/predict", "/feedback",      "/version",         "/healthz",        "/readyz",
      "/metrics", "/openapi.json",  "/admin/reload",    "/admin/rollback", "/",
      "/check",   "/assets/app.js", "/assets/style.css"};
  for (const char* r : kRoutes)
    if (path == r) return r;
  return "other";
}

bool is_json(const Request& req) {
  return media_type_is(req.get_header_value("Content-Type"), kJson);
}

bool is_form(const Request& req) {
  return media_type_is(req.get_header_value("Content-Type"), "application/x-www-form-urlencoded");
}

// The query string's parameters, read from the raw target: cpp-httplib's own split a value at
// its second '=' ("url=http://a.com/?x=1" gave "1").
QueryParams query_params(const Request& req) {
  return parse_query(target_query(req.target));
}

ConnectionLimits connection_limits(const ServeOptions& o) {
  ConnectionLimits l;
  l.stream.read_timeout_ms = o.read_timeout_ms;
  l.stream.write_timeout_ms = o.write_timeout_ms;
  l.stream.request_timeout_ms = o.request_timeout_ms;
  l.stream.max_body_raw = 2 * o.max_body + 64 * 1024;  // chunk framing of small chunks included
  l.idle_timeout_ms = o.idle_timeout_ms;
  l.max_connections = o.max_connections;
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  l.min_threads = o.workers > 0 ? static_cast<std::size_t>(o.workers) : std::size_t{4} * cores;
  return l;
}

void json_error(Response& res, int status, std::string_view reason, std::string_view extra = {}) {
  res.status = status;
  res.set_content(error_json(reason, extra), kJson);
}

// Compares without an early exit, so that the time taken does not tell how much matched.
bool same_secret(std::string_view a, std::string_view b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (std::size_t i = 0; i < a.size(); ++i)
    diff |= static_cast<unsigned char>(a[i] ^ (i < b.size() ? b[i] : 0));
  return diff == 0;
}

class Service {
 public:
  explicit Service(ServeOptions o)
      : opt_(std::move(o)),
        rules_(cli::load_rules(opt_.rule_dirs, false, rule_storage_)),
        models_(rules_, GateOptions{0.02, 0.90, opt_.gate_eval_file, opt_.gate_min_auc}),
        limiter_(opt_.rate_limit, opt_.rate_burst),
        server_(connection_limits(opt_)) {}

  int run();

 private:
  bool local() const { return opt_.model_host.empty(); }
  // A POST route's handler, given the body (read within MAX_BODY_BYTES).
  using BodyHandler = std::function<void(const Request&, Response&, const std::string& body)>;
  struct Route {
    const char* path;
    const char* allow;
  };
  void install_routes();
  void post_with_body(const char* path, BodyHandler h);
  // Before routing, once the head is read: rate limit, then the body's framing.
  httplib::Server::HandlerResponse before_routing(const Request& req, Response& res);
  bool refuse_unwanted_body(const Request& req, Response& res);
  const Route* find_route(const std::string& path) const;
  void handle_predict(const Request& req, Response& res, const std::vector<std::string>& urls,
                      bool batch);
  void handle_feedback(const Request& req, Response& res, const std::string& body);
  void handle_check(const Request& req, Response& res, const std::string& body);
  void handle_admin(const Request& req, Response& res, const std::string& body, bool rollback);
  void page(Response& res, int status, std::string url, std::string result_html);
  std::string version_json() const;
  void reloaded(const ModelRegistry::Outcome& r, const char* what);
  // Wraps a handler: the in-flight gauge.
  httplib::Server::Handler counted(httplib::Server::Handler h) {
    return [this, h = std::move(h)](const Request& req, Response& res) {
      metrics_.in_flight.Increment();
      h(req, res);
      metrics_.in_flight.Decrement();
    };
  }

  ServeOptions opt_;
  RuleBook rule_storage_;
  const RuleBook* rules_;
  ServiceMetrics metrics_;
  ModelRegistry models_;
  std::unique_ptr<Backend> backend_;
  RateLimiter limiter_;
  HttpServer server_;
  std::vector<Route> routes_;
  std::atomic<bool> draining_{false};
};

std::string Service::version_json() const {
  std::string out = "{\"service\":\"urlscan serve\",\"version\":";
  append_json_string(out, version());
  out += ",\"library\":";
  append_json_string(out, version());
  out += ",\"role\":\"";
  out += role_name(opt_.role);
  out += "\",\"variant\":\"";
  out += variant_name(opt_.variant);
  out += "\",\"model\":";
  if (const auto m = models_.current()) {
    out += "{\"id\":";
    append_json_string(out, m->id);
    out += ",\"source\":";
    append_json_string(out, m->source);
    out += ",\"loaded_at\":";
    append_json_string(out, m->loaded_at);
    out += '}';
  } else {
    out += "{\"id\":\"\",\"source\":";
    append_json_string(out, local() ? "none loaded" : "model API at " + opt_.model_host);
    out += '}';
  }
  out += '}';
  return out;
}

void Service::reloaded(const ModelRegistry::Outcome& r, const char* what) {
  metrics_.reload(r.ok ? what : "refused");
  if (r.ok) {
    const auto m = models_.current();
    metrics_.model_info(m->id, m->source);
  }
  std::fprintf(stderr, "urlscan serve: %s %s: %s\n",
               std::string_view(what) == "rollback" ? "rollback" : "reload",
               r.ok ? "done" : "refused", r.message.c_str());
}

void Service::handle_predict(const Request&, Response& res, const std::vector<std::string>& urls,
                             bool batch) {
  std::vector<Prediction> results;
  std::string model, error;
  if (!backend_->predict(urls, results, model, error)) return json_error(res, 503, error);
  if (!batch && !results[0].error.empty()) {
    std::string extra = ",\"url\":";
    append_json_string(extra, results[0].url);
    return json_error(res, 422, results[0].error, extra);
  }
  res.set_content(predict_response(results, batch, model), kJson);
}

void Service::handle_feedback(const Request& req, Response& res, const std::string& body) {
  FeedbackRequest f;
  if (is_form(req)) {  // the page's form post, JavaScript off
    const QueryParams form = parse_query(body);
    f.url = query_value(form, "url");
    f.verdict = query_value(form, "verdict");
    f.variant = query_value(form, "variant");
    const std::string satisfied = query_value(form, "satisfied");
    if (f.url.empty() || (f.verdict != "phishing" && f.verdict != "legitimate") ||
        (satisfied != "true" && satisfied != "false") ||
        (!f.variant.empty() && f.variant != "binary" && f.variant != "probability"))
      return json_error(res, 422,
                        "url, verdict (phishing|legitimate) and satisfied (true|false)"
                        " are required");
    f.satisfied = satisfied == "true";
  } else if (is_json(req)) {
    BodyError e;
    if (!parse_feedback_body(body, f, e)) return json_error(res, e.status, e.reason);
  } else {
    return json_error(res, 415, "send application/json or a form");
  }
  metrics_.feedback(f.variant.empty() ? variant_name(opt_.variant) : f.variant, f.satisfied);
  if (is_form(req)) {
    res.status = 303;
    res.set_header("Location", "/?feedback=thanks");
    return;
  }
  res.status = 202;
  res.set_content("{\"recorded\":true}", kJson);
}

void Service::page(Response& res, int status, std::string url, std::string result_html) {
  PageView v;
  v.variant = opt_.variant;
  v.url = std::move(url);
  v.result_html = std::move(result_html);
  v.version = std::string(version());
  const auto m = models_.current();
  v.model = m ? m->id : (local() ? "none" : "remote (" + opt_.model_host + ")");
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(render_page(v), "text/html; charset=utf-8");
}

void Service::handle_check(const Request&, Response& res, const std::string& body) {
  const std::string url = query_value(parse_query(body), "url");
  if (url.empty()) return page(res, 422, url, render_notice("Paste a link to check.", true));
  std::vector<Prediction> results;
  std::string model, error;
  if (!backend_->predict({url}, results, model, error)) {
    std::fprintf(stderr, "urlscan serve: /check: %s\n", error.c_str());
    return page(res, 503, url,
                render_notice("The checking service is unavailable right now. Please try again "
                              "in a minute.",
                              true));
  }
  page(res, results[0].error.empty() ? 200 : 422, url, render_result(results[0], opt_.variant));
}

void Service::handle_admin(const Request& req, Response& res, const std::string& body,
                           bool rollback) {
  if (opt_.admin_token.empty())
    return json_error(res, 404, "admin endpoints are off (set ADMIN_TOKEN to enable them)");
  if (!local()) return json_error(res, 404, "this app scores through MODEL_HOST: no local model");
  const std::string auth = req.get_header_value("Authorization");
  if (auth.rfind("Bearer ", 0) != 0 || !same_secret(auth.substr(7), opt_.admin_token)) {
    res.set_header("WWW-Authenticate", "Bearer");
    return json_error(res, 401, "missing or wrong bearer token");
  }
  std::string path = opt_.model_path;
  if (!rollback && !body.empty()) {  // {"path": "..."}: another file, through the same gate
    if (!is_json(req)) return json_error(res, 415, "send application/json");
    BodyError e;
    if (!parse_reload_body(body, path, e)) return json_error(res, e.status, e.reason);
  }
  const ModelRegistry::Outcome r = rollback ? models_.rollback() : models_.load(path);
  reloaded(r, rollback ? "rollback" : "success");
  std::string extra = ",\"model\":";
  append_json_string(extra, models_.current() ? models_.current()->id : "");
  if (!r.ok) return json_error(res, 409, r.message, extra);
  std::string out = "{\"model\":";
  append_json_string(out, models_.current()->id);
  out += ",\"message\":";
  append_json_string(out, r.message);
  out += '}';
  res.set_content(out, kJson);
}

void Service::post_with_body(const char* path, BodyHandler h) {
  server_.Post(path, [this, h = std::move(h)](const Request& req, Response& res,
                                              const httplib::ContentReader& reader) {
    metrics_.in_flight.Increment();
    std::string body;
    BodyError e;
    if (read_body(reader, opt_.max_body, body, e))
      h(req, res, body);
    else
      json_error(res, e.status, e.reason);
    metrics_.in_flight.Decrement();
  });
}

const Service::Route* Service::find_route(const std::string& path) const {
  for (const Route& r : routes_)
    if (path == r.path) return &r;
  return nullptr;
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
    if (!route) {
      json_error(res, 404, "no such route: " + req.method + " " + req.path);
    } else {
      res.set_header("Allow", route->allow);
      json_error(res, 405,
                 "method " + req.method + " not allowed here (allowed: " + route->allow + ")");
    }
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
  if (refuse_unwanted_body(req, res)) return HR::Handled;
  // Rate limit; probes and scrapes are never limited.
  if (!limiter_.enabled() || req.path == "/healthz" || req.path == "/readyz" ||
      req.path == "/metrics")
    return HR::Unhandled;
  std::string client = req.remote_addr;
  if (opt_.trust_forwarded_for && req.has_header("X-Forwarded-For")) {
    client = req.get_header_value("X-Forwarded-For");
    client = client.substr(0, client.find(','));
  }
  int retry_after = 1;
  if (limiter_.allow(client, retry_after)) return HR::Unhandled;
  metrics_.rate_limited.Increment();
  res.set_header("Retry-After", std::to_string(retry_after));
  char limit[32];
  std::snprintf(limit, sizeof limit, "%g", opt_.rate_limit);
  json_error(res, 429,
             std::string("rate limit: ") + limit + " requests per second per client; retry after " +
                 std::to_string(retry_after) + " s");
  // The body, if any, was not read.
  if (c && req.method != "GET" && req.method != "HEAD") c->close_after = true;
  return HR::Handled;
}

void Service::install_routes() {
  using Handler = httplib::Server::Handler;
  auto& srv = server_;
  // Every route's methods; any other method on a known route gets 405 with Allow.
  auto& routes = routes_;
  auto get = [&](const char* path, Handler h) { srv.Get(path, counted(std::move(h))); };

  post_with_body("/predict", [this](const Request& req, Response& res, const std::string& body) {
    if (!is_json(req)) return json_error(res, 415, "send application/json");
    PredictRequest p;
    BodyError e;
    if (!parse_predict_body(body, opt_.batch_limit, p, e))
      return json_error(res, e.status, e.reason);
    handle_predict(req, res, p.urls, p.batch);
  });
  get("/predict", [this](const Request& req, Response& res) {
    bool found = false;
    std::string url = query_value(query_params(req), "url", &found);
    if (!found) return json_error(res, 422, "the query parameter url is required");
    handle_predict(req, res, {std::move(url)}, false);
  });
  routes.push_back({"/predict", "GET, HEAD, POST"});
  post_with_body("/feedback", [this](const Request& req, Response& res, const std::string& body) {
    handle_feedback(req, res, body);
  });
  routes.push_back({"/feedback", "POST"});
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
  for (const char* r : {"/version", "/healthz", "/readyz", "/metrics", "/openapi.json"})
    routes.push_back({r, "GET, HEAD"});
  post_with_body("/admin/reload",
                 [this](const Request& req, Response& res, const std::string& body) {
                   handle_admin(req, res, body, false);
                 });
  post_with_body("/admin/rollback",
                 [this](const Request& req, Response& res, const std::string& body) {
                   handle_admin(req, res, body, true);
                 });
  routes.push_back({"/admin/reload", "POST"});
  routes.push_back({"/admin/rollback", "POST"});

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
    routes.push_back({"/", "GET, HEAD"});
    routes.push_back({"/check", "POST"});
    routes.push_back({"/assets/app.js", "GET, HEAD"});
    routes.push_back({"/assets/style.css", "GET, HEAD"});
  } else {
    get("/", [](const Request&, Response& res) {
      json_error(res, 404,
                 "this is the model API (role api): see /openapi.json; the web page is "
                 "served by --role app");
    });
    routes.push_back({"/", "GET, HEAD"});
  }
  for (const Route& r : routes) {
    const std::string allow = r.allow;
    auto wrong_method = [allow](const Request& req, Response& res) {
      res.set_header("Allow", allow);
      json_error(res, 405, "method " + req.method + " not allowed here (allowed: " + allow + ")");
    };
    if (allow.find("GET") == allow.npos) srv.Get(r.path, wrong_method);
    if (allow.find("POST") == allow.npos) srv.Post(r.path, wrong_method);
    srv.Put(r.path, wrong_method);
    srv.Patch(r.path, wrong_method);
    srv.Delete(r.path, wrong_method);
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
    metrics_.request_done(route_label(req.path), res.status);
  });
  srv.set_pre_routing_handler(
      [this](const Request& req, Response& res) { return before_routing(req, res); });
}

int Service::run() {
  // Signals go to one thread (sigwait), never to the workers.
  sigset_t signals;
  sigemptyset(&signals);
  for (int s : {SIGTERM, SIGINT, SIGHUP}) sigaddset(&signals, s);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  if (local()) {
    const ModelRegistry::Outcome r = models_.load(opt_.model_path);
    if (!r.ok) throw cli::Error("model refused: " + r.message);
    metrics_.model_info(models_.current()->id, models_.current()->source);
    backend_ = local_backend(models_, metrics_);
  } else {
    backend_ = remote_backend(opt_, metrics_);
  }
  install_routes();
  // Connections, keep-alive and timeouts are HttpServer's (connection_limits); the library's
  // payload limit stays as a second guard for a Content-Length body.
  server_.set_payload_max_length(opt_.max_body);
  server_.set_tcp_nodelay(true);

  int port = opt_.port;
  if (port == 0) {
    port = server_.bind_to_any_port(opt_.bind);
    if (port < 0) throw cli::Error("cannot bind " + opt_.bind);
  } else if (!server_.bind_to_port(opt_.bind, port)) {
    throw cli::Error("cannot bind " + opt_.bind + ":" + std::to_string(port));
  }
  const std::size_t max_connections = server_.prepare_listening();
  // (at most N connections): MAX_CONNECTIONS, or lower where the open-file limit (ulimit -n)
  // cannot be raised that far.
  const auto m = models_.current();
  std::fprintf(stderr,
               "urlscan serve: listening on http://%s:%d (role %s, variant %s, model %s, "
               "%zu workers, at most %zu connections)\n",
               opt_.bind.c_str(), port, role_name(opt_.role), variant_name(opt_.variant),
               m ? m->id.c_str() : ("remote " + opt_.model_host).c_str(),
               connection_limits(opt_).min_threads, max_connections);
  std::fflush(stderr);

  std::thread signal_thread([this, signals] {
    for (;;) {
      int sig = 0;
      if (sigwait(&signals, &sig) != 0) continue;
      if (sig == SIGHUP) {
        if (local()) reloaded(models_.load(opt_.model_path), "success");
        continue;
      }
      // SIGTERM/SIGINT: unready first (Kubernetes stops sending), then stop accepting; the
      // workers finish the requests in flight before listen returns.
      draining_ = true;
      std::fprintf(stderr, "urlscan serve: shutting down (signal %d)\n", sig);
      if (opt_.drain_delay_ms > 0)
        std::this_thread::sleep_for(std::chrono::milliseconds(opt_.drain_delay_ms));
      server_.shut_down();
      return;
    }
  });
  const bool ok = server_.listen_after_bind();
  if (!draining_) ::kill(::getpid(), SIGTERM);  // listen failed on its own: end sigwait
  signal_thread.join();
  std::fprintf(stderr, "urlscan serve: stopped\n");
  return ok || draining_ ? 0 : 2;
}

}  // namespace

int run_serve(int argc, char** argv, int first) {
  Service service(parse_serve_options(argc, argv, first));
  return service.run();
}

}  // namespace urlscan::service
