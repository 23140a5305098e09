#include "backend.hpp"

#include <httplib.h>

#include <chrono>
#include <mutex>
#include <string_view>

#include "urlscan/json_text.hpp"

namespace urlscan::service {

namespace {

// A thread per connection (up to --max-connections): small host caches per thread (1,024
// entries, some 100 KB each), so a thousand connections do not hold gigabytes, while a batch
// request still finds its repeated hosts there.
struct ServiceScratch : Scorer::Scratch {
  ServiceScratch() : Scorer::Scratch(1024) {}
};

class LocalBackend final : public Backend {
 public:
  LocalBackend(const ModelRegistry& models, ServiceMetrics& metrics)
      : models_(models), metrics_(metrics) {}

  bool predict(const std::vector<std::string>& urls, std::vector<Prediction>& out,
               std::string& model, std::string& error) override {
    // Held for the whole request: a hot swap lets this request finish on its model.
    const std::shared_ptr<const LoadedModel> m = models_.current();
    if (!m) {
      error = "no model loaded yet";
      return false;
    }
    thread_local ServiceScratch scratch;
    thread_local std::vector<std::string_view> views;
    thread_local std::vector<Score> scores;
    // A URL over the record limit is not scored (as the CLI's reader refuses a longer line).
    views.clear();
    for (const std::string& u : urls)
      views.emplace_back(u.size() > kMaxRecordBytes ? std::string_view{} : std::string_view(u));
    scores.resize(urls.size());
    const auto t0 = std::chrono::steady_clock::now();
    m->scorer->score_batch(views, scores, scratch);
    metrics_.inference_seconds.Observe(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    metrics_.urls_scored.Increment(static_cast<double>(urls.size()));
    out.clear();
    for (std::size_t i = 0; i < urls.size(); ++i) {
      if (urls[i].size() > kMaxRecordBytes) scores[i] = Score{.problem = errc::url_too_long};
      out.push_back(make_prediction(urls[i], scores[i], *m->scorer));
    }
    model = m->id;
    return true;
  }
  bool ready(std::string& why) override {
    if (models_.ready()) return true;
    why = "no model loaded yet";
    return false;
  }

 private:
  const ModelRegistry& models_;
  ServiceMetrics& metrics_;
};

class RemoteBackend final : public Backend {
 public:
  RemoteBackend(const ServeOptions& o, ServiceMetrics& metrics)
      : host_(o.model_host.find("://") == std::string::npos ? "http://" + o.model_host
                                                            : o.model_host),
        timeout_ms_(o.model_timeout_ms),
        retries_(o.model_retries),
        metrics_(metrics) {}

  bool predict(const std::vector<std::string>& urls, std::vector<Prediction>& out,
               std::string& model, std::string& error) override {
    std::string body;
    JsonWriter w(body);
    w.begin_object().key("urls").begin_array();
    for (const std::string& url : urls) w.string(url);
    w.end_array().end_object();
    // One client per worker thread: keep-alive to the model API, no locking.
    thread_local std::unique_ptr<httplib::Client> client;
    thread_local std::string client_host;
    if (!client || client_host != host_) {
      client = std::make_unique<httplib::Client>(host_);
      client_host = host_;
      const auto sec = timeout_ms_ / 1000, usec = (timeout_ms_ % 1000) * 1000;
      client->set_connection_timeout(sec, usec);
      client->set_read_timeout(sec, usec);
      client->set_write_timeout(sec, usec);
      client->set_keep_alive(true);
    }
    const auto t0 = std::chrono::steady_clock::now();
    // A bounded retry, on transport errors only: a 4xx/5xx answer is the model API's word.
    for (int attempt = 0; attempt <= retries_; ++attempt) {
      auto res = client->Post("/predict", body, "application/json");
      if (!res) {
        error = "model API at " + host_ + " unreachable: " + httplib::to_string(res.error());
        continue;
      }
      if (res->status != 200) {
        error = "model API at " + host_ + " answered " + std::to_string(res->status);
        return false;
      }
      metrics_.inference_seconds.Observe(
          std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
      if (!parse_predict_response(res->body, out, model, error)) return false;
      if (out.size() != urls.size()) {
        error = "model API answered " + std::to_string(out.size()) + " results for " +
                std::to_string(urls.size()) + " URLs";
        return false;
      }
      metrics_.urls_scored.Increment(static_cast<double>(urls.size()));
      return true;
    }
    return false;
  }
  // Ready when the model API says it is: asked with a short timeout, the answer kept a second
  // (a probe every few seconds costs the model API one request; a burst of probes, one).
  bool ready(std::string& why) override {
    std::lock_guard lock(ready_mutex_);
    const auto now = std::chrono::steady_clock::now();
    if (now >= ready_until_) {
      httplib::Client probe(host_);
      const int ms = std::min(timeout_ms_, 1000);
      probe.set_connection_timeout(ms / 1000, (ms % 1000) * 1000);
      probe.set_read_timeout(ms / 1000, (ms % 1000) * 1000);
      const auto res = probe.Get("/readyz");
      ready_ = res && res->status == 200;
      ready_why_ =
          !res ? "model API at " + host_ + " unreachable: " + httplib::to_string(res.error())
               : "model API at " + host_ + " not ready (it answered " +
                     std::to_string(res->status) + ")";
      ready_until_ = now + std::chrono::seconds(1);
    }
    if (!ready_) why = ready_why_;
    return ready_;
  }

 private:
  std::string host_;
  int timeout_ms_, retries_;
  ServiceMetrics& metrics_;
  std::mutex ready_mutex_;
  std::chrono::steady_clock::time_point ready_until_{};
  bool ready_ = false;
  std::string ready_why_;
};

}  // namespace

std::unique_ptr<Backend> local_backend(const ModelRegistry& models, ServiceMetrics& metrics) {
  return std::make_unique<LocalBackend>(models, metrics);
}

std::unique_ptr<Backend> remote_backend(const ServeOptions& options, ServiceMetrics& metrics) {
  return std::make_unique<RemoteBackend>(options, metrics);
}

}  // namespace urlscan::service
