// What each route answers: /predict, /feedback, the page and its form, /admin, /version.
#include <chrono>
#include <cstdio>

#include "service_impl.hpp"

namespace urlscan::service {

void json_error(Response& res, int status, std::string_view reason, const ErrorExtra& extra) {
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

std::string Service::version_json() const {
  std::string out;
  JsonWriter w(out);
  w.begin_object()
      .key("service")
      .string("urlscan serve")
      .key("version")
      .string(version())
      .key("library")
      .string(version())
      .key("role")
      .string(role_name(opt_.role))
      .key("variant")
      .string(variant_name(opt_.variant))
      .key("model")
      .begin_object();
  if (const auto m = models_.current())
    w.key("id").string(m->id).key("source").string(m->source).key("loaded_at").string(m->loaded_at);
  else
    w.key("id").string("").key("source").string(local() ? "none loaded"
                                                        : "model API at " + opt_.model_host);
  w.end_object().end_object();
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

void Service::handle_predict(const Request&, Response& res, std::span<const std::string_view> urls,
                             bool batch) {
  std::string body, error;
  bool first_failed = false;
  if (!backend_->predict_answer(urls, batch, body, first_failed, error))
    return json_error(res, 503, error);
  // One unscorable URL is a 422 whose body is still the --json record ({"url", "error", ...}), as
  // in a batch: a client reads one schema whatever the status.
  if (!batch && first_failed) res.status = 422;
  // What set_content does (the answer has no Content-Type yet; kJson has no CR or LF), with the
  // body moved in rather than copied.
  res.headers.emplace("Content-Type", kJson);
  res.body.swap(body);
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
  const std::string_view one[1] = {url};
  if (!backend_->predict(one, results, model, error)) {
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
  if (!r.ok)
    return json_error(res, 409, r.message,
                      {{"model", models_.current() ? models_.current()->id : std::string_view()}});
  std::string out;
  JsonWriter(out)
      .begin_object()
      .key("model")
      .string(models_.current()->id)
      .key("message")
      .string(r.message)
      .end_object();
  res.set_content(out, kJson);
}

}  // namespace urlscan::service
