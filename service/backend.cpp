#include "backend.hpp"

#include <httplib.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string_view>
#include <thread>

#include "urlscan/json_text.hpp"

namespace urlscan::service {

namespace {

// A thread per connection (up to --max-connections), but only about as many requests scoring at
// once as there are cores: the host caches live in a pool of Scratches lent to one request at a
// time, at most one per core (up to 16), each with 8,192 hosts per cache (about 2 MB), so a
// batch's repeated hosts are found there whichever connection sends it. A request that finds the
// pool empty (more requests scoring at once than Scratches) scores with its thread's own small
// Scratch (1,024 hosts per cache, some 250 KB, made when first needed), so a thousand
// connections do not hold gigabytes. Host caches hold exact results: which one a request gets
// changes no score. All of them share one result cache (--cache-mb): a URL sent again, by any
// connection, gets the Score it got then from the same model (exact; a hot swap's new Scorer
// misses the old one's entries), for the cost of a lookup.
class ScratchPool {
 public:
  static constexpr std::size_t kEntries = 8192, kThreadEntries = 1024, kMaxPooled = 16;

  explicit ScratchPool(std::shared_ptr<ResultCache> results)
      : max_(std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, kMaxPooled)),
        results_(std::move(results)) {
    free_.reserve(max_);
  }

  // A Scratch for one request; given back when it ends.
  class Lease {
   public:
    explicit Lease(ScratchPool& pool) : pool_(pool), pooled_(pool.take()) {}
    ~Lease() {
      if (pooled_) pool_.give_back(pooled_);
    }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Scorer::Scratch& get() {
      if (pooled_) return *pooled_;
      // Made again only if this thread last served another pool (another server in a test).
      thread_local std::unique_ptr<Scorer::Scratch> own;
      thread_local const ResultCache* own_results = nullptr;
      if (!own || own_results != pool_.results_.get()) {
        own = std::make_unique<Scorer::Scratch>(kThreadEntries, pool_.results_);
        own_results = pool_.results_.get();
      }
      return *own;
    }

   private:
    ScratchPool& pool_;
    Scorer::Scratch* pooled_;
  };

 private:
  Scorer::Scratch* take() {
    const std::lock_guard lock(mutex_);
    if (!free_.empty()) {
      Scorer::Scratch* s = free_.back();
      free_.pop_back();
      return s;
    }
    if (all_.size() == max_) return nullptr;
    all_.push_back(std::make_unique<Scorer::Scratch>(kEntries, results_));
    return all_.back().get();
  }
  void give_back(Scorer::Scratch* s) {
    const std::lock_guard lock(mutex_);
    free_.push_back(s);  // within the capacity reserved: no allocation
  }

  const std::size_t max_;
  const std::shared_ptr<ResultCache> results_;  // null: --cache-mb 0
  std::mutex mutex_;
  std::vector<std::unique_ptr<Scorer::Scratch>> all_;
  std::vector<Scorer::Scratch*> free_;  // the most recently used last: it is lent first
};

class LocalBackend final : public Backend {
 public:
  LocalBackend(const ModelRegistry& models, ServiceMetrics& metrics, std::size_t cache_bytes)
      : models_(models),
        metrics_(metrics),
        pool_(cache_bytes ? std::make_shared<ResultCache>(cache_bytes) : nullptr) {}

  bool predict(std::span<const std::string_view> urls, std::vector<Prediction>& out,
               std::string& model, std::string& error) override {
    const std::shared_ptr<const LoadedModel> m = score(urls, error);
    if (!m) return false;
    out.clear();
    for (std::size_t i = 0; i < urls.size(); ++i)
      out.push_back(make_prediction(urls[i], scores_[i], *m->scorer));
    model = m->id;
    return true;
  }
  // Written straight from the Scores into `body`: no Prediction, string or vector per URL.
  bool predict_answer(std::span<const std::string_view> urls, bool batch, std::string& body,
                      bool& first_failed, std::string& error) override {
    const std::shared_ptr<const LoadedModel> m = score(urls, error);
    if (!m) return false;
    body.reserve(body.size() + 256 + urls.size() * 160);  // one URL with its reasons: ~300
    PredictWriter w(body, !batch && urls.size() == 1, m->id);
    std::array<ReasonText, 4> reasons;
    for (std::size_t i = 0; i < urls.size(); ++i)
      w.record(frontend::scored_record(urls[i], &scores_[i], nullptr, *m->scorer, reasons));
    w.finish();
    first_failed = !urls.empty() && scores_[0].problem != errc::ok;
    return true;
  }
  bool ready(std::string& why) override {
    if (models_.ready()) return true;
    why = "no model loaded yet";
    return false;
  }

 private:
  // Scores `urls` into scores_ (this thread's); the model that did, held by the caller for the
  // rest of the request (a hot swap lets it finish on its model), or null with `error`.
  std::shared_ptr<const LoadedModel> score(std::span<const std::string_view> urls,
                                           std::string& error) {
    std::shared_ptr<const LoadedModel> m = models_.current();
    if (!m) {
      error = "no model loaded yet";
      return m;
    }
    // A URL over the record limit is not scored (as the CLI's reader refuses a longer line).
    views_.clear();
    for (const std::string_view u : urls)
      views_.push_back(u.size() > kMaxRecordBytes ? std::string_view{} : u);
    scores_.resize(urls.size());
    const auto t0 = std::chrono::steady_clock::now();
    std::uint64_t hits = 0;
    {
      ScratchPool::Lease lease(pool_);
      Scorer::Scratch& scratch = lease.get();
      const std::uint64_t before = Scorer::result_cache_counts(scratch).hits;
      m->scorer->score_batch(views_, scores_, scratch);
      hits = Scorer::result_cache_counts(scratch).hits - before;
    }
    metrics_.inference_seconds.Observe(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    metrics_.urls_scored.Increment(static_cast<double>(urls.size()));
    if (hits) metrics_.result_cache_hits.Increment(static_cast<double>(hits));
    for (std::size_t i = 0; i < urls.size(); ++i)
      if (urls[i].size() > kMaxRecordBytes) scores_[i] = Score{.problem = errc::url_too_long};
    return m;
  }

  const ModelRegistry& models_;
  ServiceMetrics& metrics_;
  ScratchPool pool_;
  // Each worker thread's, reused from request to request.
  static thread_local std::vector<std::string_view> views_;
  static thread_local std::vector<Score> scores_;
};

thread_local std::vector<std::string_view> LocalBackend::views_;
thread_local std::vector<Score> LocalBackend::scores_;

class RemoteBackend final : public Backend {
 public:
  RemoteBackend(const ServeOptions& o, ServiceMetrics& metrics)
      : host_(o.model_host.find("://") == std::string::npos ? "http://" + o.model_host
                                                            : o.model_host),
        timeout_ms_(o.model_timeout_ms),
        retries_(o.model_retries),
        metrics_(metrics) {}

  bool predict(std::span<const std::string_view> urls, std::vector<Prediction>& out,
               std::string& model, std::string& error) override {
    std::string body;
    JsonWriter w(body);
    w.begin_object().key("urls").begin_array();
    for (const std::string_view url : urls) w.string(url);
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

bool Backend::predict_answer(std::span<const std::string_view> urls, bool batch, std::string& body,
                             bool& first_failed, std::string& error) {
  std::vector<Prediction> results;
  std::string model;
  if (!predict(urls, results, model, error)) return false;
  first_failed = !results.empty() && !results[0].error.empty();
  body += predict_response(results, batch, model);
  return true;
}

std::unique_ptr<Backend> local_backend(const ModelRegistry& models, ServiceMetrics& metrics,
                                       std::size_t cache_bytes) {
  return std::make_unique<LocalBackend>(models, metrics, cache_bytes);
}

std::unique_ptr<Backend> remote_backend(const ServeOptions& options, ServiceMetrics& metrics) {
  return std::make_unique<RemoteBackend>(options, metrics);
}

}  // namespace urlscan::service
