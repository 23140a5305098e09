// The Service behind `urlscan serve`, shared by the three files that define it:
// service_routes.cpp (the route table, routing, what is refused before a handler runs),
// service_handlers.cpp (what each route answers) and server.cpp (start, signals, drain).
#pragma once

#include <httplib.h>

#include <atomic>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "assets.hpp"
#include "backend.hpp"
#include "errors.hpp"
#include "http_server.hpp"
#include "http_text.hpp"
#include "loaders.hpp"
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

using httplib::Request;
using httplib::Response;

// A std::string: cpp-httplib's set_content takes the type as one, and a literal would be copied
// into a new one (on the heap: 16 bytes) for every answer.
inline const std::string kJson = "application/json";

// Every route the service answers, in one table: its methods (any other method on it gets 405
// with Allow), whether only the app role has it, and its metric label (any other path is
// "other", so the label's cardinality stays bounded).
struct RouteSpec {
  const char* path;
  const char* allow;
  bool app_only;
};

// The route's metric label: its path when it is one of kRouteTable's, else "other".
const char* route_label(const Request& req);
bool is_json(const Request& req);
bool is_form(const Request& req);
QueryParams query_params(const Request& req);
ConnectionLimits connection_limits(const ServeOptions& o);
// A 4xx/5xx answer: {"error": reason} (plus `extra` members).
void json_error(Response& res, int status, std::string_view reason, const ErrorExtra& extra = {});
bool same_secret(std::string_view a, std::string_view b);

// The reload gate: the gate's default thresholds, the labelled file and minimum AUC chosen.
inline GateOptions gate_options(const ServeOptions& o) {
  GateOptions g;
  g.eval_file = o.gate_eval_file;
  g.min_auc = o.gate_min_auc;
  return g;
}

class Service {
 public:
  explicit Service(ServeOptions o)
      : opt_(std::move(o)),
        rules_(frontend::load_rules(opt_.rule_dirs, false, rule_storage_)),
        models_(rules_, gate_options(opt_)),
        limiter_(opt_.rate_limit, opt_.rate_burst),
        server_(connection_limits(opt_)) {}

  int run();

 private:
  bool local() const { return opt_.model_host.empty(); }
  // A POST route's handler, given the body (read within MAX_BODY_BYTES).
  using BodyHandler = std::function<void(const Request&, Response&, const std::string& body)>;
  using Route = RouteSpec;
  void install_routes();
  void post_with_body(const char* path, BodyHandler h);
  // Before routing, once the head is read: the path, the body's framing, the rate limit, the
  // method.
  httplib::Server::HandlerResponse before_routing(const Request& req, Response& res);
  bool refuse_unwanted_body(const Request& req, Response& res);
  bool refuse_over_rate(const Request& req, Response& res);
  // 405 with Allow for a method `path`'s route does not list; false when there is no such
  // route (a 404 follows) or the route allows the method.
  bool refuse_method(const std::string& method, const std::string& path, Response& res) const;
  const Route* find_route(const std::string& path) const;
  void handle_predict(const Request& req, Response& res, std::span<const std::string_view> urls,
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

}  // namespace urlscan::service
