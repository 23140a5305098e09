// The service's Prometheus metrics (prometheus-cpp), named by Prometheus conventions, and their
// text exposition for GET /metrics.
#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <array>
#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace urlscan::service {

class ServiceMetrics {
  // First: the members below register in it (members initialise in declaration order).
  std::shared_ptr<prometheus::Registry> registry_ = std::make_shared<prometheus::Registry>();

 public:
  ServiceMetrics();

  // `route` must outlive the metrics (the server passes string literals).
  void request_done(const char* route, int code);  // urlscan_http_requests_total
  prometheus::Gauge& in_flight;                    // urlscan_http_requests_in_flight
  prometheus::Histogram& inference_seconds;        // urlscan_inference_duration_seconds
  prometheus::Counter& urls_scored;                // urlscan_urls_scored_total
  prometheus::Counter& result_cache_hits;  // urlscan_result_cache_hits_total (of urls_scored)
  prometheus::Counter& rate_limited;       // urlscan_rate_limited_requests_total
  void feedback(const std::string& variant, bool satisfied);  // urlscan_feedback_total
  void reload(const char* outcome);  // urlscan_model_reloads_total{outcome}
  void model_info(const std::string& id, const std::string& source);  // urlscan_model_info

  // The Prometheus text format (version 0.0.4).
  std::string exposition() const;

 private:
  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Family<prometheus::Counter>& feedback_;
  prometheus::Family<prometheus::Counter>& reloads_;
  prometheus::Family<prometheus::Gauge>& model_info_;
  // Family::Add takes the family's lock and builds a label map: the (route, code) series are
  // cached by the route's address and the code, lock-free once seen.
  static constexpr std::size_t kSeriesSlots = 1024;
  struct SeriesSlot {
    std::atomic<const char*> route{nullptr};
    std::atomic<int> code{0};
    std::atomic<prometheus::Counter*> counter{nullptr};
  };
  std::array<SeriesSlot, kSeriesSlots> request_series_;
  std::mutex model_mutex_;
  prometheus::Gauge* model_series_ = nullptr;
};

}  // namespace urlscan::service
