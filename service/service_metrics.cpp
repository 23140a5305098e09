#include "service_metrics.hpp"

#include <prometheus/text_serializer.h>

#include <sstream>

namespace urlscan::service {

namespace {

prometheus::Histogram::BucketBoundaries inference_buckets() {
  // 5 us .. 100 ms: one URL takes about 1 us, a batch of 1,000 about 1 ms.
  return {5e-6, 1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 2.5e-3, 5e-3, 1e-2, 2.5e-2, 0.1};
}

}  // namespace

ServiceMetrics::ServiceMetrics()
    : in_flight(prometheus::BuildGauge()
                    .Name("urlscan_http_requests_in_flight")
                    .Help("HTTP requests being served now")
                    .Register(*registry_)
                    .Add({})),
      inference_seconds(prometheus::BuildHistogram()
                            .Name("urlscan_inference_duration_seconds")
                            .Help("Time to score the URLs of one request, in seconds")
                            .Register(*registry_)
                            .Add({}, inference_buckets())),
      urls_scored(prometheus::BuildCounter()
                      .Name("urlscan_urls_scored_total")
                      .Help("URLs scored by the model")
                      .Register(*registry_)
                      .Add({})),
      result_cache_hits(prometheus::BuildCounter()
                            .Name("urlscan_result_cache_hits_total")
                            .Help("Of the URLs scored, those answered from the result cache "
                                  "(sent before, byte for byte, to the same model)")
                            .Register(*registry_)
                            .Add({})),
      rate_limited(prometheus::BuildCounter()
                       .Name("urlscan_rate_limited_requests_total")
                       .Help("Requests refused with 429 by the per-client rate limit")
                       .Register(*registry_)
                       .Add({})),
      requests_(prometheus::BuildCounter()
                    .Name("urlscan_http_requests_total")
                    .Help("HTTP requests by route and status code")
                    .Register(*registry_)),
      feedback_(prometheus::BuildCounter()
                    .Name("urlscan_feedback_total")
                    .Help("Answers to 'Was this helpful?' by page variant and answer")
                    .Register(*registry_)),
      reloads_(prometheus::BuildCounter()
                   .Name("urlscan_model_reloads_total")
                   .Help("Model reloads and rollbacks by outcome")
                   .Register(*registry_)),
      model_info_(prometheus::BuildGauge()
                      .Name("urlscan_model_info")
                      .Help("The model answering now (value 1; its identity in the labels)")
                      .Register(*registry_)) {
  for (const char* variant : {"binary", "probability"})
    for (bool yes : {true, false})
      feedback_.Add({{"variant", variant}, {"answer", yes ? "yes" : "no"}});
  for (const char* outcome : {"success", "refused", "rollback"})
    reloads_.Add({{"outcome", outcome}});
}

void ServiceMetrics::request_done(const char* route, int code) {
  // Open addressing on (route address, code); a slot is claimed once and never changes.
  std::size_t i =
      (reinterpret_cast<std::uintptr_t>(route) / 8 * 31 + static_cast<std::size_t>(code)) %
      kSeriesSlots;
  for (std::size_t probe = 0; probe < kSeriesSlots; ++probe, i = (i + 1) % kSeriesSlots) {
    SeriesSlot& slot = request_series_[i];
    const char* owner = slot.route.load(std::memory_order_acquire);
    if (owner == nullptr) {
      const char* expected = nullptr;
      if (slot.route.compare_exchange_strong(expected, route)) {
        slot.code.store(code, std::memory_order_relaxed);
        slot.counter.store(&requests_.Add({{"route", route}, {"code", std::to_string(code)}}),
                           std::memory_order_release);
      }
      owner = slot.route.load(std::memory_order_acquire);
    }
    if (owner != route) continue;
    prometheus::Counter* c = slot.counter.load(std::memory_order_acquire);
    if (!c) break;  // being filled by another thread right now: count through the family
    if (slot.code.load(std::memory_order_relaxed) != code) continue;
    c->Increment();
    return;
  }
  requests_.Add({{"route", route}, {"code", std::to_string(code)}}).Increment();
}

void ServiceMetrics::feedback(const std::string& variant, bool satisfied) {
  feedback_.Add({{"variant", variant}, {"answer", satisfied ? "yes" : "no"}}).Increment();
}

void ServiceMetrics::reload(const char* outcome) {
  reloads_.Add({{"outcome", outcome}}).Increment();
}

void ServiceMetrics::model_info(const std::string& id, const std::string& source) {
  const std::lock_guard lock(model_mutex_);
  if (model_series_) model_info_.Remove(model_series_);
  model_series_ = &model_info_.Add({{"model", id}, {"source", source}});
  model_series_->Set(1);
}

std::string ServiceMetrics::exposition() const {
  std::ostringstream out;
  prometheus::TextSerializer().Serialize(out, registry_->Collect());
  return out.str();
}

}  // namespace urlscan::service
